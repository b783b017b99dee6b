/** Reading a OneQR movement-declaration QR (grammar.ts, docs/declaration-qr.md). Never throws. */
import { issue, type Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { isIdNumber, isIsoDate } from '../../identity.ts';
import { isIssue, parseSignatureField } from '../../signature/parse-signature.ts';
import { isSaneIat } from '../../signature/profile.ts';
import { PROVINCE } from '../venue/grammar.ts';
import {
  DECLARATION_ANY_PREFIX,
  DECLARATION_ID,
  DECLARATION_MAX_BYTES,
  DECLARATION_PREFIX,
  DECLARATION_VALIDITY_SECONDS,
  EXP_TEXT,
} from './grammar.ts';

/** The fields of a movement-declaration QR. */
export interface DeclarationFields {
  version: 1;
  /** Opaque id of the declaration on the issuing platform. */
  declarationId: string;
  /** The 12-digit ID number of the person who travels. */
  idNumber: string;
  /** GSO province codes of origin and destination. */
  fromProvince: string;
  toProvince: string;
  /** Travel date, YYYY-MM-DD. */
  date: string;
  /** End of validity, Unix seconds. */
  exp: number;
  /** The signature's kid and issue time (Unix seconds), or null when unsigned. Not verified here. */
  signature: { kid: string; iat: number } | null;
}

/** True when `text` starts like a declaration QR of any version (`OQD<digits>:`). */
export function isDeclarationText(text: string): boolean {
  return DECLARATION_ANY_PREFIX.test(text.slice(0, 8));
}

function fail(i: Issue): Parsed<DeclarationFields> {
  return { fields: null, errors: [i], warnings: [] };
}

/**
 * Parses a declaration QR and checks its validity window against `now` (default: no expiry
 * check). The signature is read but not verified: use `verifySigned(text, 'declaration', …)`.
 */
export function parseDeclaration(text: string, options: { now?: Date } = {}): Parsed<DeclarationFields> {
  if (typeof text !== 'string' || text === '')
    return fail(issue('INPUT_EMPTY', 'the declaration QR is empty'));
  if (text.length > DECLARATION_MAX_BYTES) {
    return fail(
      issue(
        'DECLARATION_TOO_LONG',
        `the declaration QR is over ${DECLARATION_MAX_BYTES} bytes (${text.length} characters)`,
      ),
    );
  }
  const head = DECLARATION_ANY_PREFIX.exec(text);
  if (head === null)
    return fail(issue('DECLARATION_PREFIX', `a declaration QR starts with ${DECLARATION_PREFIX}`));
  if (head[1] !== '1') {
    return fail(
      issue('DECLARATION_VERSION_UNSUPPORTED', `declaration QR version ${head[1]} is not supported (only 1)`),
    );
  }
  const parts = text.slice(DECLARATION_PREFIX.length).split('|');
  if (parts.length !== 6 && parts.length !== 7) {
    return fail(
      issue(
        'DECLARATION_STRUCTURE',
        `a declaration QR has 6 or 7 |-separated fields after ${DECLARATION_PREFIX}, not ${parts.length}`,
      ),
    );
  }
  const [
    declarationId = '',
    idNumber = '',
    fromProvince = '',
    toProvince = '',
    date = '',
    expText = '',
    sigText,
  ] = parts;
  const errors: Issue[] = [];
  if (!DECLARATION_ID.test(declarationId)) {
    errors.push(
      issue(
        'DECLARATION_ID_FORMAT',
        'declarationId: must be 1-22 characters of A-Z a-z 0-9 _ -',
        'declarationId',
      ),
    );
  }
  if (!isIdNumber(idNumber))
    errors.push(issue('DECLARATION_PERSON_FORMAT', 'idNumber: must be 12 digits', 'idNumber'));
  for (const [field, v] of [
    ['fromProvince', fromProvince],
    ['toProvince', toProvince],
  ] as const) {
    if (!PROVINCE.test(v))
      errors.push(issue('DECLARATION_PROVINCE_FORMAT', `${field}: must be a 2-digit GSO code 01-99`, field));
  }
  if (!isIsoDate(date))
    errors.push(issue('DECLARATION_DATE_FORMAT', 'date: must be a real YYYY-MM-DD date', 'date'));
  const exp = EXP_TEXT.test(expText) ? parseInt(expText, 36) : NaN;
  if (!isSaneIat(exp)) {
    errors.push(
      issue('DECLARATION_EXPIRY_FORMAT', 'exp: Unix seconds in lower-case base 36, 2020-2100', 'exp'),
    );
  }
  let signature: DeclarationFields['signature'] = null;
  if (sigText === undefined) {
    errors.push(
      issue(
        'DECLARATION_UNSIGNED',
        'signature: a declaration QR must be signed by its issuing platform',
        'signature',
      ),
    );
  } else {
    const sig = parseSignatureField(sigText, 'signature');
    if (isIssue(sig)) errors.push(sig);
    else signature = { kid: sig.kid, iat: sig.iat };
  }
  if (signature !== null && isSaneIat(exp)) {
    if (exp <= signature.iat || exp - signature.iat > DECLARATION_VALIDITY_SECONDS) {
      errors.push(
        issue(
          'DECLARATION_VALIDITY_TOO_LONG',
          'exp: must be after the issue time and at most 72 h after it',
          'exp',
        ),
      );
    }
  }
  if (options.now !== undefined && isSaneIat(exp) && options.now.getTime() > exp * 1000) {
    errors.push(
      issue(
        'DECLARATION_EXPIRED',
        `exp: the declaration expired at ${new Date(exp * 1000).toISOString()}`,
        'exp',
      ),
    );
  }
  return {
    fields: { version: 1, declarationId, idNumber, fromProvince, toProvince, date, exp, signature },
    errors,
    warnings: [],
  };
}
