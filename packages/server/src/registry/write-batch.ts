/**
 * Writes one batch of validated persons in one transaction: new IDs get a fresh QID, changed
 * ones are updated (QID kept), identical ones are left alone, so re-importing is a no-op.
 */
import type { NewPersonRow, PersonRow } from './registry.table.ts';
import { inTransaction, reserveQids, selectPersonsByIds, upsertPersons, type Db } from './repository.ts';
import { toRow } from './service.ts';
import type { ValidPerson } from './validate.ts';

export interface BatchItem {
  line: number;
  person: ValidPerson;
}

export interface BatchOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Later rows of the batch repeating an ID number: rejected, with the line of the first. */
  duplicates: { line: number; firstLine: number }[];
}

function sameData(row: PersonRow, p: ValidPerson): boolean {
  return (
    row.document_type === p.documentType &&
    row.full_name === p.fullName &&
    row.birth_date === p.birthDate &&
    row.gender === p.gender &&
    row.phone === p.phone &&
    row.province_code === p.provinceCode &&
    row.address === p.address
  );
}

/** Upserts the batch in one transaction (statements of STATEMENT_ROWS rows). */
export async function writePersonBatch(
  db: Db,
  items: readonly BatchItem[],
  nowMs: number,
): Promise<BatchOutcome> {
  const firstLine = new Map<string, number>();
  const unique: BatchItem[] = [];
  const duplicates: BatchOutcome['duplicates'] = [];
  for (const item of items) {
    const seen = firstLine.get(item.person.idNumber);
    if (seen !== undefined) duplicates.push({ line: item.line, firstLine: seen });
    else {
      firstLine.set(item.person.idNumber, item.line);
      unique.push(item);
    }
  }

  // Ascending ID order: each statement walks the primary-key index forward (page locality).
  unique.sort((a, b) => (a.person.idNumber < b.person.idNumber ? -1 : 1));
  const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, duplicates };
  await inTransaction(db, async (trx) => {
    for (let k = 0; k < unique.length; k += STATEMENT_ROWS) {
      const r = await writeChunk(trx, unique.slice(k, k + STATEMENT_ROWS), nowMs);
      outcome.inserted += r.inserted;
      outcome.updated += r.updated;
      outcome.unchanged += r.unchanged;
    }
  });
  return outcome;
}

/**
 * Rows per statement: 13 bound values a row stays under SQLite's 32,766 and PostgreSQL's 65,535
 * parameters; a transaction may hold many statements.
 */
export const STATEMENT_ROWS = 1000;

async function writeChunk(
  trx: Db,
  unique: readonly BatchItem[],
  nowMs: number,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const existing = new Map<string, PersonRow>();
  for (const row of await selectPersonsByIds(
    trx,
    unique.map((u) => u.person.idNumber),
  ))
    existing.set(row.id_number, row);

  const fresh: ValidPerson[] = [];
  const writes: NewPersonRow[] = [];
  let unchanged = 0;
  for (const { person } of unique) {
    const row = existing.get(person.idNumber);
    if (row === undefined) fresh.push(person);
    else if (sameData(row, person)) unchanged++;
    // The upsert keeps the stored QID, declarer and created_at: these values are placeholders.
    else writes.push(toRow(person, row.qid, row.declarer_qid, nowMs));
  }
  const updated = writes.length;
  const qids = await reserveQids(trx, fresh.length, nowMs);
  fresh.forEach((p, i) => writes.push(toRow(p, qids[i] as string, null, nowMs)));
  await upsertPersons(trx, writes);
  return { inserted: fresh.length, updated, unchanged };
}
