/** The registry's domain object and its mapping from the table row. */
import type { PersonRow } from './registry.table.ts';

export const DOCUMENT_TYPES = ['citizen-id', 'cmnd', 'passport'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** A person of the population register, as other domains see it. */
export interface Person {
  idNumber: string;
  documentType: DocumentType;
  /** NFC, with diacritics. */
  fullName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: Gender;
  phone: string | null;
  /** 2-digit GSO province code, e.g. '01'. */
  provinceCode: string | null;
  address: string | null;
  /** Opaque 18-digit string: never parse it as a number. */
  qid: string;
  declarerQid: string | null;
}

/** The columns a Person is read from. */
export type PersonColumns = Omit<PersonRow, 'name_folded' | 'created_at' | 'updated_at'>;

/** Maps a table row to the domain object (the CHECK constraints guarantee the enums). */
export function rowToPerson(row: PersonColumns): Person {
  return {
    idNumber: row.id_number,
    documentType: row.document_type as DocumentType,
    fullName: row.full_name,
    birthDate: row.birth_date,
    gender: row.gender as Gender,
    phone: row.phone,
    provinceCode: row.province_code,
    address: row.address,
    qid: row.qid,
    declarerQid: row.declarer_qid,
  };
}
