/** The trust list document (SPEC §4; format and signed form in docs/trust-list.md). */

/** The `format` value of this version of the document. */
export const TRUST_LIST_FORMAT = 'oneqr-trust-list/1';

/** The JWS `typ` of a signed trust list. */
export const TRUST_LIST_JWS_TYP = 'oneqr-trust-list+jws';

/** What an issuer may sign. */
export const RIGHTS = ['personal', 'venue', 'vaccine', 'declaration'] as const;
export type Right = (typeof RIGHTS)[number];

export type KeyStatus = 'active' | 'revoked';

/** A key in the list. Times are ISO 8601 strings. */
export interface TrustListKey {
  kid: string;
  /** Public P-256 JWK: exactly kty, crv, x, y. */
  jwk: JsonWebKey;
  notBefore?: string;
  notAfter?: string;
  /** `revoked`: every code signed by the key is refused (the key may be compromised). */
  status: KeyStatus;
  /** With status `active`: the key was retired at this instant; codes issued at or after it are refused. */
  revokedAt?: string;
}

export interface TrustListIssuer {
  id: string;
  name: string;
  rights: Right[];
  keys: TrustListKey[];
}

/** Codes with this id (QID, or `venue:<venueId>`) issued before `before` (Unix seconds) are revoked. */
export interface TrustListRevocation {
  qid: string;
  before: number;
}

export interface TrustListDocument {
  format: typeof TRUST_LIST_FORMAT;
  issuedAt: string;
  nextUpdate?: string;
  /** Increases with every published list (the builder defaults it to issuedAt in Unix seconds). */
  sequence: number;
  issuers: TrustListIssuer[];
  revocations?: TrustListRevocation[];
  /** Where the revocation log lives and its signed heads (docs/revocations.md). */
  revocationLog?: TrustListRevocationLog;
}

/** The head of one partition of the revocation log: its last batch's sequence and hash. */
export interface RevocationLogHead {
  partition: number;
  /** 0 while the partition holds no batch. */
  sequence: number;
  /** base64url SHA-256 of that batch's JWS text; '' while `sequence` is 0. */
  hash: string;
}

/** The trust list's pointer to the revocation log (docs/revocations.md). */
export interface TrustListRevocationLog {
  /** Base URL, or a path on the trust list's host; partition P's batches after S: `<url>/<P>?since=<S>`. */
  url: string;
  partitions: number;
  /** One head per partition, in partition order. */
  heads: RevocationLogHead[];
}

/** A key as the CLI's issuers file gives it: a public JWK plus optional validity and status. */
export interface IssuerKeyInput extends JsonWebKey {
  kid?: string;
  notBefore?: string;
  notAfter?: string;
  status?: KeyStatus;
  revokedAt?: string;
}

/** An issuer as the CLI's issuers file gives it. */
export interface IssuerInput {
  id: string;
  name: string;
  rights: string[];
  keys: IssuerKeyInput[];
}
