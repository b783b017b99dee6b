/** Tables owned by the linkage domain (Kysely types). Only this domain queries them. */
import type { Insertable, Selectable } from 'kysely';

/**
 * One dose record as a vaccination site sent it, keyed by (site, record_id). Values are kept as
 * typed (trimmed), except the dates, which are stored as YYYY-MM-DD once read.
 */
export interface DoseRecordsTable {
  site: string;
  record_id: string;
  /** As typed; '' when absent. */
  id_number: string;
  full_name: string;
  /** foldName(full_name). */
  name_folded: string;
  /** YYYY-MM-DD, or null when the site left it empty. */
  birth_date: string | null;
  /** 'male' | 'female' | null (empty or not understood). */
  gender: string | null;
  phone: string | null;
  /** EU value-set product code (mapped from a local name when needed). */
  vaccine_code: string;
  /** The vaccine as typed. */
  vaccine_input: string;
  lot: string | null;
  /** YYYY-MM-DD */
  vaccination_date: string;
  dose_number: number;
  imported_at: number;
}

/** The linkage decision of one dose record (absent: not yet verified). */
export interface DoseLinksTable {
  site: string;
  record_id: string;
  /** 'linked' | 'review' | 'unmatched' */
  decision: string;
  /** The final category (see categories.ts). */
  category: string;
  /** The outcome of the exact check of SPEC §7 (matched, no-id-number, …). */
  check_result: string;
  /** The linked person (or, for review, the best candidate); null when none. */
  person_id: string | null;
  score: number | null;
  /** JSON: the candidates considered, their features and scores. */
  features: string;
  /** 'auto' or the reviewing officer's client id. */
  decided_by: string;
  decided_at: number;
  /** The health domain's vaccination id once the linked dose was recorded there. */
  vaccination_id: string | null;
}

/** Every review action, append only. */
export interface LinkReviewsTable {
  id: string;
  site: string;
  record_id: string;
  /** 'accept' | 'reject' | 'correct' */
  action: string;
  person_id: string | null;
  officer: string;
  note: string | null;
  at: number;
}

/** One HTTP upload of a dose file: who sent it for which site, and how it went. */
export interface DoseImportsTable {
  id: string;
  site: string;
  client_id: string;
  /** 'csv' | 'jsonl' */
  format: string;
  /** 'running' | 'done' | 'failed' */
  status: string;
  /** For 'failed': the file-level code and message. */
  failure: string | null;
  rows: number;
  inserted: number;
  unchanged: number;
  rejected: number;
  /** JSON: the first row errors, as the upload answered them. */
  errors: string;
  started_at: number;
  finished_at: number | null;
}

export interface LinkageTables {
  dose_records: DoseRecordsTable;
  dose_imports: DoseImportsTable;
  dose_links: DoseLinksTable;
  link_reviews: LinkReviewsTable;
}

export type DoseRecordRow = Selectable<DoseRecordsTable>;
export type NewDoseRecordRow = Insertable<DoseRecordsTable>;
export type DoseLinkRow = Selectable<DoseLinksTable>;
export type DoseImportRow = Selectable<DoseImportsTable>;
