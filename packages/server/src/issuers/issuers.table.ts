/** Tables owned by the issuers domain (Kysely types). Only this domain queries them. */

/** A registered issuing app (PC-Covid, VNeID, Health Book, a provincial app). */
export interface IssuerRow {
  id: string;
  name: string;
  /** JSON array of rights: 'personal' | 'venue' | 'vaccine'. */
  rights: string;
  /** 'active' | 'suspended'. */
  status: string;
  created_at: number;
}

/** One signing key of an issuer. */
export interface IssuerKeyRow {
  kid: string;
  issuer_id: string;
  /** Public JWK, JSON. */
  public_jwk: string;
  /** Private JWK: JSON, or an `enc:v1:` envelope when ONEQR_MASTER_KEY is set. */
  private_jwk: string;
  /** Earliest signing instant (ms). */
  not_before: number;
  /** Last signing instant (ms, exclusive); null while the key is current. */
  not_after: number | null;
  /** 'active' | 'revoked'. */
  status: string;
  revoked_at: number | null;
  created_at: number;
}

/** Keys of the national platform itself, by purpose ('trust-list-root'). */
export interface PlatformKeyRow {
  purpose: string;
  kid: string;
  public_jwk: string;
  private_jwk: string;
  created_at: number;
}

/** Per QID, QRs with iat (Unix seconds) below `before_iat` are revoked. */
export interface TrustRevocationRow {
  qid: string;
  before_iat: number;
  updated_at: number;
}

/** Single row (id 1): the trust list's sequence, bumped on every change. */
export interface TrustListStateRow {
  id: number;
  sequence: number;
  changed_at: number;
  /** The last signed list: the sequence it carries, when it was signed, its ETag and body. */
  signed_sequence: number | null;
  signed_at: number | null;
  signed_etag: string | null;
  signed_body: string | null;
}

/** One revocation appended to the log (docs/revocations.md); `batch_seq` null while pending. */
export interface RevocationLogRow {
  id: string;
  part: number;
  qid: string;
  before_iat: number;
  created_at: number;
  batch_seq: number | null;
}

/** One sealed, root-signed batch of a partition. */
export interface RevocationBatchRow {
  part: number;
  sequence: number;
  /** base64url SHA-256 of `jws` (the next batch's prev). */
  hash: string;
  jws: string;
  entries: number;
  created_at: number;
}

/** Striped change counter of the log: the sum changes with every append. */
export interface RevocationStripeRow {
  stripe: number;
  appended: number;
}

export interface IssuersTables {
  issuers: IssuerRow;
  issuer_keys: IssuerKeyRow;
  platform_keys: PlatformKeyRow;
  trust_revocations: TrustRevocationRow;
  trust_list_state: TrustListStateRow;
  revocation_log: RevocationLogRow;
  revocation_batches: RevocationBatchRow;
  revocation_stripes: RevocationStripeRow;
}
