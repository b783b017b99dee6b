import { issue, type Issue } from '../../errors.ts';
import type { CwtClaims } from './cwt.ts';

export interface SignerValidity {
  notBefore?: Date;
  notAfter?: Date;
}

function iso(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? String(seconds) : d.toISOString();
}

/**
 * The time checks of a DCC: certificate notBefore ≤ iat ≤ clock ≤ exp ≤ certificate notAfter.
 * A missing iat or exp is a warning; the clock is then checked against the certificate's
 * validity directly.
 */
export function checkDccValidity(
  claims: Pick<CwtClaims, 'iat' | 'exp'>,
  signer: SignerValidity,
  at: Date,
): { errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const now = at.getTime() / 1000;
  const { iat, exp } = claims;
  if (iat === undefined)
    warnings.push(issue('DCC_ISSUED_AT_MISSING', 'CWT: no iat (issued at) claim', 'iat'));
  if (exp === undefined) warnings.push(issue('DCC_EXPIRY_MISSING', 'CWT: no exp (expiry) claim', 'exp'));
  if (iat !== undefined && now < iat) {
    errors.push(issue('DCC_NOT_YET_VALID', `CWT: issued at ${iso(iat)}, after the validation time`, 'iat'));
  }
  if (exp !== undefined && now > exp) {
    errors.push(issue('DCC_EXPIRED', `CWT: expired at ${iso(exp)}`, 'exp'));
  }
  if (iat !== undefined && signer.notBefore && iat * 1000 < signer.notBefore.getTime()) {
    errors.push(
      issue(
        'DCC_SIGNED_BEFORE_SIGNER_VALID',
        `CWT: issued at ${iso(iat)}, before the signing certificate was valid`,
        'iat',
      ),
    );
  }
  if (exp !== undefined && signer.notAfter && exp * 1000 > signer.notAfter.getTime()) {
    errors.push(
      issue(
        'DCC_OUTLIVES_SIGNER',
        `CWT: expires at ${iso(exp)}, after the signing certificate expires`,
        'exp',
      ),
    );
  }
  // Without exp (iat) the chain through it is broken: check the clock against the signer's
  // validity directly, so an expired (not yet valid) certificate never verifies.
  if (exp === undefined && signer.notAfter && at.getTime() > signer.notAfter.getTime()) {
    errors.push(
      issue(
        'DCC_OUTLIVES_SIGNER',
        `CWT: no expiry, and the signing certificate expired at ${signer.notAfter.toISOString()}`,
        'exp',
      ),
    );
  }
  if (iat === undefined && signer.notBefore && at.getTime() < signer.notBefore.getTime()) {
    errors.push(
      issue(
        'DCC_SIGNED_BEFORE_SIGNER_VALID',
        `CWT: no issue time, and the signing certificate is valid only from ${signer.notBefore.toISOString()}`,
        'iat',
      ),
    );
  }
  return { errors, warnings };
}
