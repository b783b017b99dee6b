/** Tables owned by the passport domain (Kysely types). Only this domain queries them. */

/** A CSCA or a Document Signer Certificate of the vaccine passport, with its (sealed) private key. */
export interface PassportKeyRow {
  /** EU rule: first 8 bytes of SHA-256 over the certificate's DER, base64. */
  kid: string;
  /** 'csca' | 'dsc'. */
  kind: string;
  /** 'ES256' | 'PS256' (a CSCA is ES256). */
  alg: string;
  /** The certificate, DER in base64. */
  certificate: string;
  /** The private JWK, sealed under ONEQR_MASTER_KEY when set (issuers' key envelope). */
  private_jwk: string;
  /** The kid of the CSCA that signed it (itself for a CSCA). */
  issuer_kid: string;
  not_before: number;
  not_after: number;
  created_at: number;
}

/** One issued vaccination certificate (a DCC). */
export interface PassportCertificateRow {
  uvci: string;
  /** EU revocation hash of type UCI: first 16 bytes of SHA-256 over the UVCI, base64. */
  uvci_hash: string;
  person_id: string;
  /** The dose the certificate states (health domain's vaccination id): a new dose re-issues. */
  dose_id: string;
  kid: string;
  hc1: string;
  /** 'current' | 'superseded' | 'revoked'. */
  status: string;
  issued_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface PassportTables {
  passport_keys: PassportKeyRow;
  passport_certificates: PassportCertificateRow;
}
