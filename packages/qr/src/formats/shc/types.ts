/** Public types of the SMART Health Card verifier. */
import type { Issue } from '../../errors.ts';

export interface ShcImmunization {
  status?: string;
  /** First coding of vaccineCode (usually CVX). */
  vaccineCode?: string;
  vaccineSystem?: string;
  /** occurrenceDateTime (or occurrenceString). */
  date?: string;
  lotNumber?: string;
  /** performer[0].actor.display */
  performer?: string;
}

export interface ShcPatient {
  /** Given names then family name, joined with spaces. */
  name?: string;
  familyName?: string;
  givenNames?: string[];
  birthDate?: string;
}

/** What a SMART Health Card says. Times are Unix seconds. */
export interface ShcFields {
  issuer: string;
  issuedAt: number;
  expiresAt?: number;
  kid?: string;
  /** vc.type, e.g. `https://smarthealth.cards#health-card`. */
  types: string[];
  patient: ShcPatient;
  immunizations: ShcImmunization[];
  /** Other FHIR resource types in the bundle (labs, observations…), by count. */
  otherResources: Record<string, number>;
  revocationId?: string;
}

/** An issuer's revocation list (`/.well-known/crl/<kid>.json`). */
export interface ShcRevocationList {
  kid: string;
  method: 'rid' | string;
  ctr: number;
  /** `rid` or `rid.timestamp` (revoked when nbf is before the timestamp). */
  rids: string[];
}

/** An issuer key as published in `/.well-known/jwks.json`. */
export type ShcJwk = JsonWebKey & { kid?: string; crlVersion?: number };

/** Where verifyShc finds keys (by issuer and kid) and, optionally, revocation lists. */
export interface ShcKeySource {
  lookup(iss: string, kid: string): JsonWebKey[] | Promise<JsonWebKey[]>;
  revocations?(
    iss: string,
    kid: string,
  ): ShcRevocationList | undefined | Promise<ShcRevocationList | undefined>;
}

export interface ShcVerification {
  state: 'valid' | 'invalid' | 'untrusted';
  errors: Issue[];
  warnings: Issue[];
  kid?: string;
  issuer?: string;
}
