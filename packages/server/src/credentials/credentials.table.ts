/** Tables owned by the credentials domain (Kysely types). Only this domain queries them. */

/** One signed personal QR. The payload is not stored, only its SHA-256 (hex). */
export interface CredentialRow {
  id: string;
  qid: string;
  /** Registry id number of the person. */
  person_id: string;
  issuer_id: string;
  kid: string;
  /** Issue time signed into the QR, Unix seconds; strictly increasing per QID. */
  iat: number;
  payload_sha256: string;
  /** 'active' | 'superseded'. */
  status: string;
  created_at: number;
  superseded_at: number | null;
}

export interface CredentialsTables {
  credentials: CredentialRow;
}
