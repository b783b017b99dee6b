/**
 * The registry's functions for routes and other domains: look-ups, QIDs, identity confirmation,
 * adding persons and dependants. Other domains call these, never the tables.
 */
import { HttpError } from '../errors.ts';
import { rowToPerson, type Gender, type Person } from './person.ts';
import type { PersonRow } from './registry.table.ts';
import {
  countByIdProvince,
  deletePersonRow,
  inTransaction,
  insertPerson,
  reserveQids,
  selectPersonById,
  selectRegisteredIds,
  selectPersonByQid,
  selectDependents,
  selectPersonSummaries,
  type Db,
} from './repository.ts';
import { validatePerson, type PersonInput, type RowIssue, type ValidPerson } from './validate.ts';

export type { Person, DocumentType, Gender } from './person.ts';
export type { PersonInput, RowIssue } from './validate.ts';
// One person as a fragment of another domain's query (one round trip for person + their rows).
export { personFragment, type PersonFragment } from './person-query.ts';
export {
  importRegistryCsv,
  importPersons,
  RegistryImportError,
  type ImportOptions,
  type ImportResult,
  type ImportRowError,
} from './import.ts';
export {
  confirmIdentity,
  confirmRecord,
  firstMismatch,
  type IdentityClaim,
  type IdentityConfirmation,
  type IdentityMismatch,
} from './identity.ts';

/** The person with this ID number (CCCD / CMND / passport), or undefined. */
export async function findPerson(db: Db, idNumber: string): Promise<Person | undefined> {
  const row = await selectPersonById(db, idNumber);
  return row && rowToPerson(row);
}

/** Which of these ID numbers the register holds (bulk writers checking their persons). */
export function registeredIds(db: Db, idNumbers: readonly string[]): Promise<Set<string>> {
  return idNumbers.length === 0 ? Promise.resolve(new Set()) : selectRegisteredIds(db, idNumbers);
}

/** What a bulk reader of the register needs of a person (the linkage index). */
export interface PersonSummary {
  idNumber: string;
  /** foldName(fullName) */
  nameFolded: string;
  birthDate: string;
  gender: Gender;
  phone: string | null;
  provinceCode: string | null;
}

/** Up to `limit` persons in ID-number order after `after` (keyset paging; null: from the start). */
export async function listPersonsAfter(
  db: Db,
  after: string | null,
  limit: number,
): Promise<PersonSummary[]> {
  const rows = await selectPersonSummaries(db, after, limit);
  return rows.map((r) => ({
    idNumber: r.id_number,
    nameFolded: r.name_folded,
    birthDate: r.birth_date,
    gender: r.gender as Gender,
    phone: r.phone,
    provinceCode: r.province_code,
  }));
}

/** The person holding this QID, or undefined. The QID is compared as a string. */
export async function findPersonByQid(db: Db, qid: string): Promise<Person | undefined> {
  const row = await selectPersonByQid(db, qid);
  return row && rowToPerson(row);
}

/**
 * The person's QID. Every registered person holds one from the moment they are added (import or
 * API), and keeps it for good; throws REGISTRY_PERSON_NOT_FOUND for an unknown ID number.
 */
export async function ensureQid(db: Db, idNumber: string): Promise<string> {
  const person = await findPerson(db, idNumber);
  if (!person) throw new HttpError('REGISTRY_PERSON_NOT_FOUND');
  return person.qid;
}

/** The table row for a validated person (new QID, timestamps at `now`). */
export function toRow(p: ValidPerson, qid: string, declarerQid: string | null, nowMs: number): PersonRow {
  return {
    id_number: p.idNumber,
    document_type: p.documentType,
    full_name: p.fullName,
    name_folded: p.nameFolded,
    birth_date: p.birthDate,
    gender: p.gender,
    phone: p.phone,
    province_code: p.provinceCode,
    address: p.address,
    qid,
    declarer_qid: declarerQid,
    created_at: nowMs,
    updated_at: nowMs,
  };
}

/** Validates like an import row; throws REGISTRY_ID_INVALID or REGISTRY_PERSON_INVALID with the field. */
export function validateOrThrow(
  input: PersonInput,
  now: Date,
): { person: ValidPerson; warnings: RowIssue[] } {
  const v = validatePerson(input, now);
  const first = v.errors[0];
  if (v.person === null || first !== undefined) {
    const e = first ?? { code: 'REGISTRY_PERSON_INVALID', field: 'idNumber', message: 'Invalid person.' };
    const code = e.field === 'idNumber' ? 'REGISTRY_ID_INVALID' : 'REGISTRY_PERSON_INVALID';
    throw new HttpError(code, e.message, { field: e.field, reason: e.code });
  }
  return { person: v.person, warnings: v.warnings };
}

/**
 * Adds one person (validated like an import row) with a fresh QID. Throws REGISTRY_PERSON_EXISTS
 * when the ID number is taken. `now` stamps the record (pass the app clock).
 */
export async function createPerson(
  db: Db,
  input: PersonInput,
  now: Date,
  opts: { declarerQid?: string } = {},
): Promise<{ person: Person; warnings: RowIssue[] }> {
  const { person: valid, warnings } = validateOrThrow(input, now);
  const person = await inTransaction(db, async (trx) => {
    if (await selectPersonById(trx, valid.idNumber)) throw new HttpError('REGISTRY_PERSON_EXISTS');
    const [qid] = await reserveQids(trx, 1, now.getTime());
    const row = toRow(valid, qid as string, opts.declarerQid ?? null, now.getTime());
    // The look-up above cannot see a concurrent request's uncommitted insert: the key decides.
    if (!(await insertPerson(trx, row))) throw new HttpError('REGISTRY_PERSON_EXISTS');
    return rowToPerson(row);
  });
  return { person, warnings };
}

/**
 * Adds a person declared on their behalf by another (LoaiDinhDanh 1): linked to the declarer's
 * QID. Throws REGISTRY_DECLARER_NOT_FOUND, REGISTRY_PERSON_EXISTS or a validation error.
 */
export async function addDependent(
  db: Db,
  input: { declarerQid: string; person: Omit<Person, 'qid' | 'declarerQid'> },
  now: Date = new Date(),
): Promise<Person> {
  return inTransaction(db, async (trx) => {
    const declarer = await selectPersonByQid(trx, input.declarerQid);
    if (!declarer) throw new HttpError('REGISTRY_DECLARER_NOT_FOUND', undefined, { field: 'declarerQid' });
    const { person } = await createPerson(trx, input.person, now, { declarerQid: declarer.qid });
    return person;
  });
}

/** The persons declared by the holder of this QID. */
export async function listDependents(db: Db, declarerQid: string): Promise<Person[]> {
  return (await selectDependents(db, declarerQid)).map(rowToPerson);
}

/** Deletes a person (their QID stays issued and is never given to anyone else). */
export function deletePerson(db: Db, idNumber: string): Promise<boolean> {
  return deletePersonRow(db, idNumber);
}

/**
 * Registered citizen-ID persons per birth province: the 2-digit code of the ID number's first
 * three digits (e.g. 056… → '56'), for coverage reports. Counts only.
 */
export async function personsByIdProvince(db: Db): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await countByIdProvince(db)) out.set(r.prefix.slice(1), r.n);
  return out;
}
