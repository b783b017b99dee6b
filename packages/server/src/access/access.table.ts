/** Tables owned by the access domain (Kysely types). Only this domain queries them. */
import type { Insertable, Selectable } from 'kysely';

/** A registered API client (app, scanner, officer, citizen, admin). Timestamps are epoch ms. */
export interface ClientsTable {
  id: string;
  name: string;
  /** One of ROLES (access/roles.ts); checked in code, not in SQL, so roles can grow without a migration. */
  role: string;
  issuer_id: string | null;
  person_id: string | null;
  venue_id: string | null;
  /** For vaccination-site clients: the site code of its dose records. */
  site_id: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64url); the secret itself is never stored. */
  secret_hash: string;
  created_at: number;
  disabled_at: number | null;
}

/** Issued bearer tokens, stored as sha256 so a database leak yields no usable token. */
export interface TokensTable {
  token_hash: string;
  client_id: string;
  expires_at: number;
  created_at: number;
}

/** Every read of personal data, and every refused request (SPEC §8). */
export interface AuditLogTable {
  id: string;
  at: number;
  actor_client_id: string | null;
  actor_role: string | null;
  actor_name: string | null;
  person_id: string | null;
  /** JSON array of field names. */
  fields: string;
  purpose: string;
  /** 'disclosed' | 'refused' */
  outcome: string;
  /** The route pattern (never the raw URL, which may carry personal data). */
  route: string;
}

/** Anonymous refusals counted per fixed one-minute window, route and code (audit.ts). */
export interface AuditRefusalWindowsTable {
  /** Epoch ms, a multiple of 60,000. */
  window_start: number;
  route: string;
  code: string;
  refusals: number;
}

/** One row (id 1): bumped by every change that revokes access, watched by token caches. */
export interface AccessChangesTable {
  id: number;
  version: number;
}

export interface AccessTables {
  clients: ClientsTable;
  access_changes: AccessChangesTable;
  tokens: TokensTable;
  audit_log: AuditLogTable;
  audit_refusal_windows: AuditRefusalWindowsTable;
}

export type ClientRow = Selectable<ClientsTable>;
export type NewClientRow = Insertable<ClientsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
