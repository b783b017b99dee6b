/** Acceptance 1: the public sample of SPEC §2 parses exactly through read(), unsigned. */
import { describe, expect, it } from 'vitest';
import { read } from '../../src/index.ts';
import { AT, SAMPLE } from './fixtures.ts';

describe('the SPEC §2 published sample', () => {
  it('reads as a personal-1405 QR with exactly its fields, unsigned', async () => {
    const r = await read(SAMPLE, { at: AT });
    expect(r.kind).toBe('personal-1405');
    expect(r.signature).toEqual({ state: 'unsigned' });
    expect(r.errors).toEqual([]);
    expect(r.fields).toEqual({
      documentNumber: '001093029317',
      documentType: 'citizen-id',
      fullName: 'NGUYEN LE KHA HAN',
      birthDate: '1987-01-18',
      declarationType: 0,
      qid: '162979388586171100', // a string: 18 digits exceed a safe JS integer
      gender: 1,
      insuranceNumber: 'HS4010120878821',
      phone: '0944713700',
      reserved: [],
      ext: ['', '1', 'HS4010120878821', '0944713700'],
    });
    // SPEC §3.1: the ID encodes 1993 (digits 4–6 = 093) but the DOB says 1987 — a warning only.
    expect(r.warnings.map((w) => w.code)).toEqual(['CITIZEN_ID_BIRTH_YEAR_MISMATCH']);
  });

  it('reads the same with a card reader’s trailing CR or CRLF', async () => {
    const plain = await read(SAMPLE, { at: AT });
    expect(await read(`${SAMPLE}\r`, { at: AT })).toEqual(plain);
    expect(await read(`${SAMPLE}\r\n`, { at: AT })).toEqual(plain);
  });
});
