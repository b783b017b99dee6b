/** Finds the S1 signature of a 1405 personal QR: EXT[4], which must be the last position. */
import { issue } from '../errors.ts';
import type { SignatureLocation } from './location.ts';
import { SIGNATURE_LIKE } from './profile.ts';

/**
 * Locates EXT[4] in a personal QR payload at string level (6 `|` fields, EXT split on `<`).
 * A signature-like value elsewhere is an error, not "unsigned": a damaged signed code must
 * never pass as an unsigned one.
 */
export function locatePersonalSignature(text: string): SignatureLocation {
  const fields = text.split('|');
  if (fields.length !== 6) {
    return {
      state: 'error',
      issue: issue('SIGNATURE_FORMAT', `payload has ${fields.length} |-separated fields, not 6: no EXT[4]`),
    };
  }
  const ext = (fields[5] ?? '').split('<');
  const ext4 = ext[4];
  if (ext4 !== undefined && ext4 !== '') {
    if (ext.length > 5) {
      return {
        state: 'error',
        issue: issue('SIGNATURE_NOT_LAST', 'EXT[5]: nothing may follow the signature in EXT[4]', 'EXT[5]'),
      };
    }
    return {
      state: 'signed',
      start: text.length - ext4.length,
      field: 'EXT[4]',
      credentialId: fields[4] ?? '',
    };
  }
  // No EXT position other than the signature ever holds a '.'.
  if ((fields[5] ?? '').includes('.') || SIGNATURE_LIKE.test(text)) {
    return {
      state: 'error',
      issue: issue(
        'SIGNATURE_MISPLACED',
        'EXT: a signature-like value is present but EXT[4] is empty',
        'EXT',
      ),
    };
  }
  return { state: 'unsigned' };
}
