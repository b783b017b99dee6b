/** Tables owned by the trust-sources domain (Kysely types). Only this domain queries them. */

/** One imported foreign trust source, stored as imported (checked again when loaded). */
export interface TrustSourceRow {
  /** SHA-256 of the content, hex. */
  id: string;
  /** 'eu-dsc-list' | 'shc-jwks' | 'shc-crl'. */
  kind: string;
  /** The file name given at import, for people. */
  name: string;
  content: string;
  /** DSCs, keys or rids it holds. */
  entries: number;
  imported_at: number;
  /** The admin client's name. */
  imported_by: string;
}

export interface TrustSourcesTables {
  trust_sources: TrustSourceRow;
}
