/** Queries over the linkage domain's own tables. Every function takes the db or a transaction first. */
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type {
  DoseImportRow,
  DoseImportsTable,
  DoseLinkRow,
  DoseRecordRow,
  LinkReviewsTable,
  NewDoseRecordRow,
} from './linkage.table.ts';

export type Db = Kysely<DB>;
/** A (site, record_id) cursor: pages continue after it. */
export type RecordKey = { site: string; recordId: string };

/** Links with their records (inner join on the key). */
const linksWithRecords = (db: Db) =>
  db
    .selectFrom('dose_links as l')
    .innerJoin('dose_records as r', (j) =>
      j.onRef('r.site', '=', 'l.site').onRef('r.record_id', '=', 'l.record_id'),
    );

/** Every record with its link, if any (left join on the key). */
const recordsWithLinks = (db: Db) =>
  db
    .selectFrom('dose_records as r')
    .leftJoin('dose_links as l', (j) =>
      j.onRef('l.site', '=', 'r.site').onRef('l.record_id', '=', 'r.record_id'),
    );

/** `alias`'s key is after the cursor (true for no cursor), in (site, record_id) order. */
function afterKey(alias: 'r' | 'l', after: RecordKey | null) {
  if (after === null) return sql<boolean>`1 = 1`;
  const site = sql.ref(`${alias}.site`);
  const recordId = sql.ref(`${alias}.record_id`);
  return sql<boolean>`(${site} > ${after.site} or (${site} = ${after.site} and ${recordId} > ${after.recordId}))`;
}

const STATEMENT_ROWS = 500;

export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Inserts the rows not yet there (by site and record_id), in one transaction; returns how many. */
export async function insertDoseRecords(db: Db, rows: readonly NewDoseRecordRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += STATEMENT_ROWS) {
      const r = await trx
        .insertInto('dose_records')
        .values(rows.slice(i, i + STATEMENT_ROWS) as NewDoseRecordRow[])
        .onConflict((oc) => oc.columns(['site', 'record_id']).doNothing())
        .executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  });
}

export function selectDoseRecord(db: Db, site: string, recordId: string): Promise<DoseRecordRow | undefined> {
  return db
    .selectFrom('dose_records')
    .selectAll()
    .where('site', '=', site)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
}

/** Dose records with this record_id (any site). */
export function selectDoseRecordsById(db: Db, recordId: string): Promise<DoseRecordRow[]> {
  return db
    .selectFrom('dose_records')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('site')
    .execute();
}

/** A page of records without a link row, after the (site, record_id) cursor. */
export function selectUnlinkedPage(db: Db, after: RecordKey | null, limit: number): Promise<DoseRecordRow[]> {
  return db
    .selectFrom('dose_records as r')
    .selectAll('r')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('dose_links as l')
            .select('l.site')
            .whereRef('l.site', '=', 'r.site')
            .whereRef('l.record_id', '=', 'r.record_id'),
        ),
      ),
    )
    .where(afterKey('r', after))
    .orderBy('r.site')
    .orderBy('r.record_id')
    .limit(limit)
    .execute();
}

/** Writes (or replaces) link rows. */
export async function upsertLinks(db: Db, rows: readonly DoseLinkRow[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < rows.length; i += STATEMENT_ROWS) {
      await trx
        .insertInto('dose_links')
        .values(rows.slice(i, i + STATEMENT_ROWS) as DoseLinkRow[])
        .onConflict((oc) =>
          oc.columns(['site', 'record_id']).doUpdateSet((eb) => ({
            decision: eb.ref('excluded.decision'),
            category: eb.ref('excluded.category'),
            check_result: eb.ref('excluded.check_result'),
            person_id: eb.ref('excluded.person_id'),
            score: eb.ref('excluded.score'),
            features: eb.ref('excluded.features'),
            decided_by: eb.ref('excluded.decided_by'),
            decided_at: eb.ref('excluded.decided_at'),
            vaccination_id: eb.ref('excluded.vaccination_id'),
          })),
        )
        .execute();
    }
  });
}

export function selectLink(db: Db, site: string, recordId: string): Promise<DoseLinkRow | undefined> {
  return db
    .selectFrom('dose_links')
    .selectAll()
    .where('site', '=', site)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
}

export async function setVaccinationId(
  db: Db,
  site: string,
  recordId: string,
  vaccinationId: string,
): Promise<void> {
  await db
    .updateTable('dose_links')
    .set({ vaccination_id: vaccinationId })
    .where('site', '=', site)
    .where('record_id', '=', recordId)
    .execute();
}

/** Linked doses not yet recorded in the health domain, with what a vaccination needs. */
export function selectUnappliedLinks(db: Db, limit: number, only?: { site: string; recordId: string }) {
  let q = linksWithRecords(db)
    .select([
      'r.site',
      'r.record_id',
      'l.person_id',
      'r.vaccine_code',
      'r.lot',
      'r.dose_number',
      'r.vaccination_date',
    ])
    .where('l.decision', '=', 'linked')
    .where('l.person_id', 'is not', null)
    .where('l.vaccination_id', 'is', null);
  if (only) q = q.where('l.site', '=', only.site).where('l.record_id', '=', only.recordId);
  return q.limit(limit).execute() as Promise<
    {
      site: string;
      record_id: string;
      person_id: string;
      vaccine_code: string;
      lot: string | null;
      dose_number: number;
      vaccination_date: string;
    }[]
  >;
}

/** A page of every dose record with its link (if any), in (site, record_id) order after the cursor. */
export function selectExportPage(db: Db, after: RecordKey | null, limit: number) {
  return recordsWithLinks(db)
    .select(['r.site', 'r.record_id', 'l.decision', 'l.category', 'l.check_result', 'l.person_id', 'l.score'])
    .where(afterKey('r', after))
    .orderBy('r.site')
    .orderBy('r.record_id')
    .limit(limit)
    .execute();
}

/** Records in the review queue with their link, in key order after the cursor. */
export function selectReviewPage(db: Db, after: RecordKey | null, limit: number) {
  return linksWithRecords(db)
    .selectAll('r')
    .select(['l.score', 'l.features'])
    .where('l.decision', '=', 'review')
    .where(afterKey('l', after))
    .orderBy('l.site')
    .orderBy('l.record_id')
    .limit(limit)
    .execute();
}

export async function insertReview(db: Db, row: Insertable<LinkReviewsTable>): Promise<void> {
  await db.insertInto('link_reviews').values(row).execute();
}

export function selectReviews(db: Db, site: string, recordId: string) {
  return db
    .selectFrom('link_reviews')
    .selectAll()
    .where('site', '=', site)
    .where('record_id', '=', recordId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Counts of records by decision and category, by the linked person's birth province, by site. */
export async function selectCounts(db: Db) {
  const byCategory = await db
    .selectFrom('dose_links')
    .select(['decision', 'category', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['decision', 'category'])
    .execute();
  const undecided = await recordsWithLinks(db)
    .where('l.site', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  const byProvince = await db
    .selectFrom('dose_links')
    .where('decision', '=', 'linked')
    .select([sql<string>`substr(person_id, 1, 3)`.as('prefix'), (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(sql`substr(person_id, 1, 3)`)
    .execute();
  const bySite = await recordsWithLinks(db)
    .select(['r.site', 'l.decision', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['r.site', 'l.decision'])
    .execute();
  return { byCategory, undecided: Number(undecided?.n ?? 0), byProvince, bySite };
}

/** A person's linked doses with their records, by vaccination date. */
export function selectLinkedDoses(db: Db, personId: string) {
  return linksWithRecords(db)
    .selectAll('r')
    .select(['l.category', 'l.score', 'l.decided_by', 'l.vaccination_id'])
    .where('l.person_id', '=', personId)
    .where('l.decision', '=', 'linked')
    .orderBy('r.vaccination_date')
    .orderBy('r.dose_number')
    .execute();
}

/** Starts the record of an HTTP upload. */
export async function insertImport(
  db: Db,
  row: { id: string; site: string; clientId: string; format: string; at: number },
): Promise<void> {
  await db
    .insertInto('dose_imports')
    .values({
      id: row.id,
      site: row.site,
      client_id: row.clientId,
      format: row.format,
      status: 'running',
      failure: null,
      rows: 0,
      inserted: 0,
      unchanged: 0,
      rejected: 0,
      errors: '[]',
      started_at: row.at,
      finished_at: null,
    })
    .execute();
}

/** Ends the record of an upload with its counts and first row errors, or its failure. */
export async function finishImport(
  db: Db,
  id: string,
  end: Omit<DoseImportsTable, 'id' | 'site' | 'client_id' | 'format' | 'started_at' | 'finished_at'> & {
    at: number;
  },
): Promise<void> {
  const { at, ...rest } = end;
  await db
    .updateTable('dose_imports')
    .set({ ...rest, finished_at: at })
    .where('id', '=', id)
    .execute();
}

/** Uploads, newest first, of one site or (site null) of all. */
export function selectImports(db: Db, site: string | null, limit: number) {
  let q = db
    .selectFrom('dose_imports')
    .select([
      'id',
      'site',
      'client_id',
      'format',
      'status',
      'failure',
      'rows',
      'inserted',
      'unchanged',
      'rejected',
      'started_at',
      'finished_at',
    ]);
  if (site !== null) q = q.where('site', '=', site);
  return q.orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
}

export function selectImport(db: Db, id: string): Promise<DoseImportRow | undefined> {
  return db.selectFrom('dose_imports').selectAll().where('id', '=', id).executeTakeFirst();
}
