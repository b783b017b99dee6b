/** Tables owned by the registry domain (Kysely types). Only this domain queries them. */
import type { Insertable, Selectable } from 'kysely';

/** One person of the population register, keyed by the personal ID number (or CMND / passport). */
export interface RegistryPersonsTable {
  id_number: string;
  /** 'citizen-id' | 'cmnd' | 'passport' */
  document_type: string;
  /** NFC, with diacritics. */
  full_name: string;
  /** foldName(full_name): what name matching compares. */
  name_folded: string;
  /** YYYY-MM-DD */
  birth_date: string;
  /** 'male' | 'female' | 'unknown' */
  gender: string;
  phone: string | null;
  /** 2-digit GSO province code, e.g. '01'. */
  province_code: string | null;
  address: string | null;
  /** 18-digit opaque string issued by the platform; also in registry_qids. */
  qid: string;
  /** QID of the person who declared on this person's behalf (LoaiDinhDanh 1). */
  declarer_qid: string | null;
  created_at: number;
  updated_at: number;
}

/** Every QID ever issued, kept after the person is gone so a QID is never reused. */
export interface RegistryQidsTable {
  qid: string;
  issued_at: number;
}

export type PersonRow = Selectable<RegistryPersonsTable>;
export type NewPersonRow = Insertable<RegistryPersonsTable>;

export interface RegistryTables {
  registry_persons: RegistryPersonsTable;
  registry_qids: RegistryQidsTable;
}
