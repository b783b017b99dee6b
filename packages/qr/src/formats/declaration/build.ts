/** Building and signing a OneQR movement-declaration QR (grammar.ts, docs/declaration-qr.md). */
import { OneQRError } from '../../errors.ts';
import { appendSignature, type Signer } from '../../signature/signer.ts';
import { DECLARATION_PREFIX, DECLARATION_VALIDITY_SECONDS } from './grammar.ts';
import { parseDeclaration } from './parse.ts';

/** What the issuing platform knows of a movement declaration. */
export interface DeclarationQrInput {
  /** Opaque id, 1-22 characters of A-Z a-z 0-9 _ -. */
  declarationId: string;
  /** The traveller's 12-digit ID number. */
  idNumber: string;
  fromProvince: string;
  toProvince: string;
  /** Travel date, YYYY-MM-DD. */
  date: string;
}

/**
 * Builds and signs a declaration QR valid from `iat` for 72 hours (`exp` = iat + 72 h, or the
 * earlier `exp` given). Throws OneQRError (DECLARATION_*) on a bad field.
 *
 * @example await issueDeclaration({ declarationId: 'd1', idNumber: '001090012345', fromProvince: '01', toProvince: '79', date: '2026-12-01' }, signer, iat)
 */
export async function issueDeclaration(
  input: DeclarationQrInput,
  signer: Signer,
  iat: number,
  exp: number = iat + DECLARATION_VALIDITY_SECONDS,
): Promise<string> {
  const unsigned = `${DECLARATION_PREFIX}${input.declarationId}|${input.idNumber}|${input.fromProvince}|${input.toProvince}|${input.date}|${exp.toString(36)}`;
  const bad = parseDeclaration(unsigned).errors.find((e) => e.code !== 'DECLARATION_UNSIGNED');
  if (bad !== undefined) throw new OneQRError(bad.code, bad.message, bad.field);
  if (exp <= iat || exp - iat > DECLARATION_VALIDITY_SECONDS) {
    throw new OneQRError('DECLARATION_VALIDITY_TOO_LONG', 'exp: after iat and at most 72 h after it', 'exp');
  }
  return appendSignature(`${unsigned}|`, signer, iat);
}
