/** The fields of a Decision 1405 personal QR: `SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT`. */

/** What parsePersonal reads. Strings are as found in the payload (never masked, never trimmed). */
export interface PersonalFields {
  /** `SoGiayTo`. */
  documentNumber: string;
  /**
   * From the shape of `SoGiayTo`: 12 digits → `citizen-id` (CCCD, personal ID, 12-digit CMND);
   * 9 digits → `cmnd`; otherwise `passport`. Only a guess when DOCUMENT_NUMBER_FORMAT is reported.
   */
  documentType: 'citizen-id' | 'cmnd' | 'passport';
  /** `HoTen`: upper case, no diacritics. */
  fullName: string;
  /** `NgaySinh`: `YYYY-MM-DD`. */
  birthDate: string;
  /** `LoaiDinhDanh`: 0 declared by the person, 1 on their behalf (0 when unreadable). */
  declarationType: 0 | 1;
  /** `QID`: opaque identifier from the national QR platform (never a number). */
  qid: string;
  /** `EXT[0]`: QID of the declarer when `declarationType` is 1. */
  declarerQid?: string;
  /** `EXT[1]`: 0 unknown, 1 male, 2 female (absent when empty or unreadable). */
  gender?: 0 | 1 | 2;
  /** `EXT[2]`: health-insurance (BHYT) card number. */
  insuranceNumber?: string;
  /** `EXT[3]`: phone number, 10 digits. */
  phone?: string;
  /** `EXT[4]`: electronic signature, raw (`S1.kid.iat.sig`); checked by the signature module. */
  signature?: string;
  /** `EXT[5+]`: reserved sub-fields, raw. */
  reserved: string[];
  /** `EXT` split on `<`, raw (empty array when `EXT` is empty). */
  ext: string[];
}

/** What buildPersonal needs. `fullName` may carry diacritics and loose spacing: it is folded. */
export interface PersonalInput {
  documentNumber: string;
  fullName: string;
  /** `YYYY-MM-DD`, a real date from 1900-01-01 to today. */
  birthDate: string;
  /** Default 0. */
  declarationType?: 0 | 1;
  qid: string;
  /** Required when `declarationType` is 1, forbidden otherwise. */
  declarerQid?: string;
  gender?: 0 | 1 | 2;
  insuranceNumber?: string;
  phone?: string;
}
