/** Signing a Decision 1405 personal QR with the OneQR S1 profile (SPEC §2.1). */
import { OneQRError } from '../errors.ts';
import { appendSignature, type Signer } from './signer.ts';

/**
 * Signs an unsigned personal QR payload: pads EXT to four positions, appends
 * `<S1.<kid>.<iat36>` and then `.<sig>` over everything before that final `.`.
 * The payload must have 6 `|` fields and no EXT[4] (trailing empty positions are dropped).
 * Field contents are the personal parser's business; this only checks the structure.
 * Throws OneQRError (SIGNATURE_FORMAT, SIGNATURE_NOT_LAST, SIGNATURE_IAT_RANGE, SIGNATURE_KID_FORMAT).
 *
 * @param iat issue time, Unix seconds (from the caller's clock)
 * @example
 * await signPersonal('001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1', { privateJwk }, 1700000000)
 * // '001093029317|…|162979388586171100|<1<<<S1.q3Zr0P1x.s4xvb4.<86 chars>'
 */
export async function signPersonal(unsignedText: string, signer: Signer, iat: number): Promise<string> {
  const fields = unsignedText.split('|');
  if (fields.length !== 6) {
    throw new OneQRError('SIGNATURE_FORMAT', `payload must have 6 |-separated fields, not ${fields.length}`);
  }
  const ext = (fields[5] ?? '').split('<');
  while (ext.length > 4 && ext[ext.length - 1] === '') ext.pop();
  if (ext.length > 4) {
    if (ext[4] !== '') throw new OneQRError('SIGNATURE_FORMAT', 'EXT[4] is already present', 'EXT[4]');
    throw new OneQRError(
      'SIGNATURE_NOT_LAST',
      'EXT[5+] must be empty: nothing may follow the signature',
      'EXT[5]',
    );
  }
  while (ext.length < 4) ext.push('');
  const prefix = `${fields.slice(0, 5).join('|')}|${ext.join('<')}<`;
  return appendSignature(prefix, signer, iat);
}
