import { describe, expect, it } from 'vitest';
import {
  birthDateProblem,
  isCmndNumber,
  isIdNumber,
  isIsoDate,
  isIssuerId,
  isPhone,
  isQid,
  ISO_DATE_PATTERN,
  QID_MAX_LENGTH,
} from './identity.ts';

describe('identity field rules', () => {
  it('tells each shape from its near misses', () => {
    expect([isIdNumber('079201012345'), isIdNumber('07920101234'), isIdNumber('０79201012345')]).toEqual([
      true,
      false,
      false,
    ]);
    expect([isCmndNumber('123456789'), isCmndNumber('12345678a')]).toEqual([true, false]);
    expect([isPhone('0944713700'), isPhone('944713700'), isPhone('09447137001')]).toEqual([
      true,
      false,
      false,
    ]);
    expect([
      isQid('162979388586171100'),
      isQid(''),
      isQid('a'.repeat(QID_MAX_LENGTH + 1)),
      isQid('12-3'),
    ]).toEqual([true, false, false, false]);
    expect([isIssuerId('pc-covid'), isIssuerId('-pc'), isIssuerId('a'.repeat(65))]).toEqual([
      true,
      false,
      false,
    ]);
    expect([isIsoDate('2024-02-29'), isIsoDate('2023-02-29'), isIsoDate('2023-2-28')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(new RegExp(ISO_DATE_PATTERN).test('2023-02-29')).toBe(true); // the pattern is the shape only
  });

  it('judges a birth date: shape, calendar, 1900 and today, in that order', () => {
    const today = '2025-06-01';
    expect(birthDateProblem('01/02/1990', today)).toBe('format');
    expect(birthDateProblem('1899-02-30', today)).toBe('invalid');
    expect(birthDateProblem('1899-12-31', today)).toBe('too-old');
    expect(birthDateProblem('2025-06-02', today)).toBe('future');
    expect(birthDateProblem('1900-01-01', today)).toBeUndefined();
    expect(birthDateProblem(today, today)).toBeUndefined();
  });
});
