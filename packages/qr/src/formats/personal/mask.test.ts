import { describe, expect, it } from 'vitest';
import { maskBirthDate, maskDocumentNumber, personalDisplay } from './mask.ts';
import { parsePersonal } from './parse.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';

describe('masking for display', () => {
  it('hides the first six characters of the document number', () => {
    expect(maskDocumentNumber('001093029317')).toBe('******029317');
    expect(maskDocumentNumber('123456789')).toBe('******789');
    expect(maskDocumentNumber('C1234567')).toBe('******67');
    expect(maskDocumentNumber('1234')).toBe('****');
    expect(maskDocumentNumber('')).toBe('');
  });

  it('hides day and month of the date of birth, everything when malformed', () => {
    expect(maskBirthDate('1987-01-18')).toBe('1987-**-**');
    expect(maskBirthDate('18/01/1987')).toBe('****-**-**');
  });

  it('masks by default and shows in full on request; the payload is untouched', () => {
    const fields = parsePersonal(SAMPLE, { now: new Date('2026-06-01T00:00:00Z') }).fields;
    if (fields === null) throw new Error('sample must parse');
    expect(personalDisplay(fields)).toEqual({
      documentNumber: '******029317',
      fullName: 'NGUYEN LE KHA HAN',
      birthDate: '1987-**-**',
    });
    expect(personalDisplay(fields, { full: false })).toEqual(personalDisplay(fields));
    expect(personalDisplay(fields, { full: true })).toEqual({
      documentNumber: '001093029317',
      fullName: 'NGUYEN LE KHA HAN',
      birthDate: '1987-01-18',
    });
    expect(fields.documentNumber).toBe('001093029317');
  });
});

describe('maskFullName', () => {
  it('keeps surname and given name, middle names as initials', async () => {
    const { maskFullName } = await import('./mask.ts');
    expect(maskFullName('NGUYEN LE KHA HAN')).toBe('NGUYEN L. K. HAN');
    expect(maskFullName('Nguyễn Thị Ánh Tuyết')).toBe('Nguyễn T. Á. Tuyết');
    expect(maskFullName('  LE   VAN ')).toBe('LE VAN');
  });
});
