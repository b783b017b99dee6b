/** Builder of the unsigned Decision 1405 personal QR payload (SPEC §2). */
import { OneQRError } from '../../errors.ts';
import type { Issue } from '../../errors.ts';
import { foldName, vietnamToday } from '../../lib/text.ts';
import type { ClockOptions } from '../citizen-id/decode.ts';
import type { PersonalInput } from './fields.ts';
import {
  checkBirthDate,
  checkDeclarerQid,
  checkDocumentNumber,
  checkGender,
  checkInsurance,
  checkName,
  checkPhone,
  checkQid,
} from './validate.ts';

function fail(found: Issue | undefined): void {
  if (found !== undefined) throw new OneQRError(found.code, found.message, found.field);
}

/**
 * Builds the unsigned payload `SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT`. The name is folded
 * (diacritics removed, upper case, single spaces); everything else must already be valid.
 * Trailing empty EXT sub-fields are omitted (EXT may be empty: `…|QID|`). Throws OneQRError with
 * the field's code on invalid input: unlike the parser, the builder is strict (a malformed BHYT
 * number and a declarer QID with `declarationType` 0 are refused). ID/DOB disagreements are not
 * checked here: they are warnings, reported when the payload is read.
 *
 * @example
 * buildPersonal({ documentNumber: '001093029317', fullName: 'Nguyễn Lê Khả Hân', birthDate: '1987-01-18',
 *   qid: '162979388586171100', gender: 1, insuranceNumber: 'HS4010120878821', phone: '0944713700' })
 * // '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700'
 */
export function buildPersonal(input: PersonalInput, options?: ClockOptions): string {
  const name = foldName(input.fullName);
  const declarationType = input.declarationType ?? 0;
  fail(checkDocumentNumber(input.documentNumber));
  fail(checkName(name));
  fail(checkBirthDate(input.birthDate, vietnamToday(options?.now ?? new Date())));
  if (declarationType !== 0 && declarationType !== 1) {
    throw new OneQRError('DECLARATION_TYPE_FORMAT', 'declarationType must be 0 or 1.', 'LoaiDinhDanh');
  }
  fail(checkQid(input.qid));

  const declarer = input.declarerQid ?? '';
  if (declarationType === 1 && declarer === '') {
    throw new OneQRError(
      'DECLARER_QID_MISSING',
      'declarationType 1 (on behalf) requires declarerQid.',
      'EXT[0]',
    );
  }
  if (declarationType === 0 && declarer !== '') {
    throw new OneQRError(
      'DECLARER_QID_UNEXPECTED',
      'declarerQid is only allowed with declarationType 1.',
      'EXT[0]',
    );
  }
  if (declarer !== '') fail(checkDeclarerQid(declarer));
  const gender = input.gender === undefined ? '' : String(input.gender);
  if (gender !== '') fail(checkGender(gender));
  const insurance = input.insuranceNumber ?? '';
  if (insurance !== '') fail(checkInsurance(insurance));
  const phone = input.phone ?? '';
  if (phone !== '') fail(checkPhone(phone));

  const ext = [declarer, gender, insurance, phone];
  while (ext.length > 0 && ext[ext.length - 1] === '') ext.pop();
  return [
    input.documentNumber,
    name,
    input.birthDate,
    String(declarationType),
    input.qid,
    ext.join('<'),
  ].join('|');
}
