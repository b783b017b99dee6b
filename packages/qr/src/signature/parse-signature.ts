/**
 * Strict reader of the S1 signature field `S1.<kid>.<iat>.<sig>` (SPEC §2.1).
 * Never throws; linear time; every distinct defect has its own code.
 */
import { issue, type Issue } from '../errors.ts';
import { b64uDecodeOrNull } from '../crypto/base64url.ts';
import { KID_PATTERN } from '../crypto/kid.ts';
import {
  IAT_MAX,
  IAT_MIN,
  SIG_B64_LENGTH,
  SIGNATURE_FIELD_MAX_LENGTH,
  SIGNATURE_VERSION,
} from './profile.ts';

/** A well-formed S1 signature field. */
export interface SignatureField {
  kid: string;
  /** Issue time, Unix seconds. */
  iat: number;
  /** Raw ES256 `r‖s`, 64 bytes. */
  sig: Uint8Array;
}

const VERSION_HEAD = /^S(\d{1,3})\./;
const IAT_TEXT = /^[1-9a-z][0-9a-z]{0,6}$/;

/** Narrows a `parseSignatureField` result. */
export function isIssue(value: SignatureField | Issue): value is Issue {
  return 'code' in value;
}

/**
 * Parses an S1 signature field.
 *
 * @param ext4 the field text, e.g. `S1.q3Zr0P1x.s0mzk0.<86 chars>`
 * @param field the field name to put in issues (`EXT[4]` for the personal QR)
 * @example const r = parseSignatureField(ext4); if (!isIssue(r)) r.kid
 */
export function parseSignatureField(ext4: string, field = 'EXT[4]'): SignatureField | Issue {
  if (ext4.length > SIGNATURE_FIELD_MAX_LENGTH + 8) {
    return issue(
      'SIGNATURE_FORMAT',
      `${field}: signature field is too long (${ext4.length} characters)`,
      field,
    );
  }
  const head = VERSION_HEAD.exec(ext4);
  if (head === null) {
    return issue(
      'SIGNATURE_FORMAT',
      `${field}: signature field must start with "${SIGNATURE_VERSION}."`,
      field,
    );
  }
  if (`S${head[1]}` !== SIGNATURE_VERSION) {
    return issue(
      'SIGNATURE_VERSION_UNSUPPORTED',
      `${field}: signature profile S${head[1]} is not supported (only ${SIGNATURE_VERSION})`,
      field,
    );
  }
  const parts = ext4.split('.');
  if (parts.length !== 4) {
    return issue('SIGNATURE_FORMAT', `${field}: signature field must be S1.kid.iat.sig (4 parts)`, field);
  }
  const [, kid = '', iatText = '', sigText = ''] = parts;
  if (!KID_PATTERN.test(kid)) {
    return issue('SIGNATURE_KID_FORMAT', `${field}: kid must be 8 base64url characters`, field);
  }
  if (!IAT_TEXT.test(iatText)) {
    return issue('SIGNATURE_IAT_FORMAT', `${field}: iat must be Unix seconds in lower-case base 36`, field);
  }
  const iat = parseInt(iatText, 36);
  if (iat < IAT_MIN || iat > IAT_MAX) {
    return issue('SIGNATURE_IAT_RANGE', `${field}: iat ${iat} is outside 2020-01-01 … 2100-01-01`, field);
  }
  const sig = sigText.length === SIG_B64_LENGTH ? b64uDecodeOrNull(sigText) : null;
  if (sig === null || sig.length !== 64) {
    return issue(
      'SIGNATURE_VALUE_FORMAT',
      `${field}: signature value must be ${SIG_B64_LENGTH} base64url characters (64 bytes)`,
      field,
    );
  }
  return { kid, iat, sig };
}
