/** Tables of citizen sign-in, owned by the access domain (Kysely types). Epoch ms. */
import type { Selectable } from 'kysely';

/** One sign-in challenge: a code sent to a phone. */
export interface CitizenOtpsTable {
  id: string;
  phone: string;
  issuer_id: string;
  /** sha256(salt ‖ code), hex. */
  code_hash: string;
  salt: string;
  attempts: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

/** A citizen known by phone, linked to at most one registry person (and a person to one account). */
export interface CitizenAccountsTable {
  id: string;
  phone: string;
  person_id: string | null;
  created_at: number;
  linked_at: number | null;
  link_failures: number;
  link_window_at: number | null;
}

/** A citizen's bearer session, stored as sha256 of the token. */
export interface CitizenSessionsTable {
  token_hash: string;
  account_id: string;
  issuer_id: string;
  created_at: number;
  expires_at: number;
}

export interface CitizenTables {
  citizen_otps: CitizenOtpsTable;
  citizen_accounts: CitizenAccountsTable;
  citizen_sessions: CitizenSessionsTable;
}

export type CitizenAccountRow = Selectable<CitizenAccountsTable>;
