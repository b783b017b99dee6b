/**
 * SMART Health Cards conformance: the specification examples 00–03 under
 * ../shared/testdata/shc decode (numeric QR text, JWS, .smart-health-card file) and verify with
 * the example issuer key set and revocation list; tampered cards fail.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  decodeShc,
  decodeShcLayers,
  decodeShcNumeric,
  reassembleShc,
  shcKeySourceFromJwks,
  verifyShc,
  type ShcJwk,
  type ShcRevocationList,
} from '../../src/formats/shc/index.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';

const root = optionalShared('testdata/shc', 'the SMART Health Cards specification examples') ?? '';
const exists = root !== '';

const ISS = 'https://spec.smarthealth.cards/examples/issuer';
const AT = new Date('2024-01-01T00:00:00Z');
const read = (name: string) => readFileSync(path.join(root, name), 'utf8').trim();
const json = (name: string) => JSON.parse(read(name)) as unknown;

function qrTexts(n: string): string[] {
  const out: string[] = [];
  for (let i = 0; existsSync(path.join(root, `example-${n}-f-qr-code-numeric-value-${i}.txt`)); i++) {
    out.push(read(`example-${n}-f-qr-code-numeric-value-${i}.txt`));
  }
  return out;
}

function keys() {
  const jwks = json('issuer/.well-known/jwks.json') as { keys: JsonWebKey[] };
  const crlKid = '3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s';
  const crl = json(`issuer/.well-known/crl/${crlKid}.json`) as ShcRevocationList;
  return shcKeySourceFromJwks(ISS, jwks, [crl]);
}

/** Example 03 is the one the example revocation list revokes. */
const EXPECTED: Record<string, { state: 'valid' | 'invalid'; codes: string[] }> = {
  '00': { state: 'valid', codes: [] },
  '01': { state: 'valid', codes: [] },
  '02': { state: 'valid', codes: [] },
  '03': { state: 'invalid', codes: ['SHC_REVOKED'] },
};

describe.skipIf(!exists)('SMART Health Cards specification examples', () => {
  for (const n of ['00', '01', '02', '03']) {
    describe(`example-${n}`, () => {
      const jws = () => read(`example-${n}-d-jws.txt`);
      const qrText = () => {
        const texts = qrTexts(n);
        const joined = reassembleShc(texts);
        if (!joined.ok) throw new Error(joined.issue.message);
        return joined.value;
      };

      it('numeric QR text decodes to the example JWS', () => {
        const r = decodeShcNumeric(qrText());
        expect(r.ok && r.value).toBe(jws());
      });

      it('payload equals the minified example payload', () => {
        const d = decodeShcLayers(qrText());
        expect(d.parsed.errors).toEqual([]);
        expect(isDeepStrictEqual(d.layers?.payload, json(`example-${n}-c-jws-payload-minified.json`))).toBe(
          true,
        );
      });

      it('the .smart-health-card file holds the same JWS and decodes', () => {
        const file = json(`example-${n}-e-file.smart-health-card`) as { verifiableCredential: string[] };
        expect(file.verifiableCredential).toEqual([jws()]);
        expect(decodeShc(file.verifiableCredential[0]!).fields).toEqual(decodeShc(qrText()).fields);
      });

      it(`verifies as ${EXPECTED[n]!.state} ${EXPECTED[n]!.codes.join(',')}`.trim(), async () => {
        const r = await verifyShc(qrText(), keys(), AT);
        expect(r.errors.map((e) => e.code)).toEqual(EXPECTED[n]!.codes);
        expect(r.state).toBe(EXPECTED[n]!.state);
        expect(r.issuer).toBe(ISS);
        expect(r.kid).toBe(decodeShcLayers(jws()).layers?.jws.header.kid);
      });
    });
  }

  it('example-00 fields: patient, birth date, immunizations', () => {
    const { fields, errors } = decodeShc(qrTexts('00')[0]!);
    expect(errors).toEqual([]);
    expect(fields?.patient).toEqual({
      name: 'John B. Anyperson',
      familyName: 'Anyperson',
      givenNames: ['John', 'B.'],
      birthDate: '1951-01-20',
    });
    expect(fields?.issuedAt).toBe(1687450764.656);
    expect(fields?.immunizations[0]).toEqual({
      status: 'completed',
      vaccineCode: '207',
      vaccineSystem: 'http://hl7.org/fhir/sid/cvx',
      date: '2021-01-01',
      lotNumber: '0000001',
      performer: 'ABC General Hospital',
    });
    expect(fields?.immunizations).toHaveLength(3);
  });

  it("example-02's three chunks reassemble in any order, and verify", async () => {
    const parts = qrTexts('02');
    expect(parts).toHaveLength(3);
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const joined = reassembleShc(order.map((i) => parts[i]!));
      expect(joined.ok && decodeShcNumeric(joined.value)).toEqual({
        ok: true,
        value: read('example-02-d-jws.txt'),
      });
      // The examples are well-sized: no chunk rule fires.
      expect(joined.ok && joined.warnings).toBeUndefined();
      const r = await verifyShc(joined.ok ? joined.value : '', keys(), AT);
      expect([r.state, r.errors]).toEqual(['valid', []]);
    }
  });

  it("example-01's key carries an x5c chain: it verifies (the leaf certificate expired in 2022: a warning)", async () => {
    const r = await verifyShc(qrTexts('01')[0]!, keys(), AT);
    expect([r.state, r.errors.map((e) => e.code)]).toEqual(['valid', []]);
    expect(r.warnings.map((w) => w.code)).toEqual(['SHC_X5C_VALIDITY']);
    const inTime = await verifyShc(qrTexts('01')[0]!, keys(), new Date('2021-07-01T00:00:00Z'));
    // Within the chain's validity the card itself is not yet valid (issued 2023): no x5c warning.
    expect([inTime.errors.map((e) => e.code), inTime.warnings]).toEqual([['SHC_NOT_YET_VALID'], []]);
  });

  it('a single chunk of a multi-part card does not read on its own', () => {
    const r = decodeShc(qrTexts('02')[1]!);
    expect(r.errors.map((e) => e.code)).toEqual(['SHC_CHUNK_INCOMPLETE']);
  });

  it('a tampered payload (re-compressed, original signature) fails the signature', async () => {
    const [h, , s] = read('example-00-d-jws.txt').split('.');
    const payload = JSON.stringify(json('example-00-c-jws-payload-minified.json')).replace(
      'Anyperson',
      'Someoneelse',
    );
    const p = Buffer.from(deflateSync(new TextEncoder().encode(payload))).toString('base64url');
    const tampered = `${h}.${p}.${s}`;
    expect(decodeShc(tampered).fields?.patient.familyName).toBe('Someoneelse');
    const r = await verifyShc(tampered, keys(), AT);
    expect(r.state).toBe('invalid');
    expect(r.errors.map((e) => e.code)).toEqual(['SHC_SIGNATURE_INVALID']);
  });

  it('a kid that is not the thumbprint of the key found fails', async () => {
    const jwks = json('issuer/.well-known/jwks.json') as { keys: (JsonWebKey & { kid: string })[] };
    // A key source that hands out the other example key under this kid.
    const swapped: ShcJwk = { ...jwks.keys[1]!, kid: jwks.keys[0]!.kid };
    const wrong = shcKeySourceFromJwks(ISS, { keys: [swapped] });
    const r = await verifyShc(qrTexts('00')[0]!, wrong, AT);
    expect(r.errors.map((e) => e.code)).toEqual(['SHC_KID_THUMBPRINT']);
    expect(r.state).toBe('invalid');
  });

  it('an unknown issuer is untrusted; a clock before nbf is not yet valid', async () => {
    const other = shcKeySourceFromJwks('https://example.org/issuer', { keys: [] });
    const u = await verifyShc(qrTexts('00')[0]!, other, AT);
    expect([u.state, u.errors.map((e) => e.code)]).toEqual(['untrusted', ['SHC_KEY_UNKNOWN']]);
    const early = await verifyShc(qrTexts('00')[0]!, keys(), new Date('2023-01-01T00:00:00Z'));
    expect(early.errors.map((e) => e.code)).toEqual(['SHC_NOT_YET_VALID']);
  });

  it('without the revocation list, a revocable key verifies with a warning', async () => {
    const jwks = json('issuer/.well-known/jwks.json') as { keys: JsonWebKey[] };
    const r = await verifyShc(qrTexts('03')[0]!, shcKeySourceFromJwks(ISS, jwks), AT);
    expect(r.state).toBe('valid');
    expect(r.warnings.map((w) => w.code)).toContain('SHC_REVOCATION_UNCHECKED');
  });
});
