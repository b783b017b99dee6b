import { describe, expect, it } from 'vitest';
import { isIssue, parseSignatureField } from './parse-signature.ts';

const SIG = 'A'.repeat(86);
const IAT = (1_750_000_000).toString(36);

describe('parseSignatureField', () => {
  it('reads a well-formed S1 field', () => {
    const r = parseSignatureField(`S1.K9G7DESo.${IAT}.${SIG}`);
    expect(isIssue(r)).toBe(false);
    if (isIssue(r)) return;
    expect(r.kid).toBe('K9G7DESo');
    expect(r.iat).toBe(1_750_000_000);
    expect(r.sig).toHaveLength(64);
  });

  it.each([
    ['empty', '', 'SIGNATURE_FORMAT'],
    ['no version', `K9G7DESo.${IAT}.${SIG}`, 'SIGNATURE_FORMAT'],
    ['lower-case version', `s1.K9G7DESo.${IAT}.${SIG}`, 'SIGNATURE_FORMAT'],
    ['other version', `S2.K9G7DESo.${IAT}.${SIG}`, 'SIGNATURE_VERSION_UNSUPPORTED'],
    ['missing part', `S1.K9G7DESo.${SIG}`, 'SIGNATURE_FORMAT'],
    ['extra part', `S1.K9G7DESo.${IAT}.${SIG}.x`, 'SIGNATURE_FORMAT'],
    ['too long', `S1.K9G7DESo.${IAT}.${'A'.repeat(500)}`, 'SIGNATURE_FORMAT'],
    ['short kid', `S1.K9G7DES.${IAT}.${SIG}`, 'SIGNATURE_KID_FORMAT'],
    ['kid with +', `S1.K9G7DES+.${IAT}.${SIG}`, 'SIGNATURE_KID_FORMAT'],
    ['upper-case iat', `S1.K9G7DESo.${IAT.toUpperCase()}.${SIG}`, 'SIGNATURE_IAT_FORMAT'],
    ['leading zero iat', `S1.K9G7DESo.0${IAT}.${SIG}`, 'SIGNATURE_IAT_FORMAT'],
    ['empty iat', `S1.K9G7DESo..${SIG}`, 'SIGNATURE_IAT_FORMAT'],
    ['iat before 2020', `S1.K9G7DESo.${(1_500_000_000).toString(36)}.${SIG}`, 'SIGNATURE_IAT_RANGE'],
    ['iat after 2100', `S1.K9G7DESo.${(4_200_000_000).toString(36)}.${SIG}`, 'SIGNATURE_IAT_RANGE'],
    ['short sig', `S1.K9G7DESo.${IAT}.${SIG.slice(1)}`, 'SIGNATURE_VALUE_FORMAT'],
    ['sig with padding', `S1.K9G7DESo.${IAT}.${SIG.slice(2)}==`, 'SIGNATURE_VALUE_FORMAT'],
    ['sig non-canonical tail', `S1.K9G7DESo.${IAT}.${SIG.slice(1)}B`, 'SIGNATURE_VALUE_FORMAT'],
  ])('refuses %s with its code', (_why, text, code) => {
    const r = parseSignatureField(text);
    expect(isIssue(r)).toBe(true);
    if (isIssue(r)) {
      expect(r.code).toBe(code);
      expect(r.field).toBe('EXT[4]');
    }
  });

  it('names the field given', () => {
    const r = parseSignatureField('x', 'signature');
    expect(isIssue(r) && r.field).toBe('signature');
  });
});
