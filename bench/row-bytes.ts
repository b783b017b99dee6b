/**
 * Bytes per row on PostgreSQL of the two tables that grow with every scan and check-in
 * (docs/scale.md sizes a national deployment from these): `checkins` (day-partitioned) and
 * `audit_log`. A fresh `oneqr_bench_<random>` database (dropped afterwards; skipped with a note
 * when unreachable) gets N check-ins through the server's importCheckins (UUID event ids, as
 * scanners generate them; 22-character venue ids as registerVenue makes them; `--quick` fewer)
 * and N audit rows through recordAudits shaped exactly as a venue-staff scan writes them. After
 * VACUUM ANALYZE: heap, indexes and the total relation size (all partitions), and the average
 * `pg_column_size` of a row, each per row, against the anchor of the same rows' own column bytes
 * (octet_length of each text, 8 per bigint). `detail.walBytesPerRow` is the WAL written during
 * the inserts per row: cluster-wide, so other databases writing at the same time inflate it.
 * In process, unpinned; sizes do not depend on the machine's load.
 */
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  createClient,
  createIssuer,
  importCheckins,
  openStore,
  recordAudits,
  registerVenue,
  seedPersons,
  type AuditEntry,
  type Store,
} from '@oneqr/server';
import { createTempDatabase, DEFAULT_PG_URL, pgUnavailable } from './lib/pg-database.ts';
import { result, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'row-bytes';
const PERSONS = 2000;
const VENUES = 50;
const CHUNK = 1000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface TableBytes {
  rows: number;
  heap: number;
  indexes: number;
  total: number;
  tuple: number;
  payload: number;
}

/** The WAL position (bytes) of the cluster now. */
async function walPosition(db: AnyDb): Promise<bigint> {
  const { rows } = await sql<{
    b: string;
  }>`select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as b`.execute(db);
  return BigInt(rows[0]!.b);
}

/** Sizes of `table` (every leaf partition, or the table itself) per row, and its rows' own column bytes. */
async function measure(db: AnyDb, table: string): Promise<TableBytes> {
  await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  const { rows: cols } = await sql<{ column_name: string; data_type: string }>`
    select column_name, data_type from information_schema.columns
    where table_schema = 'public' and table_name = ${table} order by ordinal_position`.execute(db);
  const own = sql.join(
    cols.map((c) =>
      c.data_type === 'bigint'
        ? sql`case when ${sql.ref(c.column_name)} is null then 0 else 8 end`
        : sql`coalesce(octet_length(${sql.ref(c.column_name)}), 0)`,
    ),
    sql` + `,
  );
  const { rows: stat } = await sql<{ n: string; tuple: string; payload: string }>`
    select count(*)::text as n, avg(pg_column_size(t.*))::text as tuple, avg(${own})::text as payload
    from ${sql.table(table)} t`.execute(db);
  const { rows: size } = await sql<{ heap: string; indexes: string; total: string }>`
    select sum(pg_relation_size(relid))::text as heap, sum(pg_indexes_size(relid))::text as indexes,
      sum(pg_total_relation_size(relid))::text as total
    from (select relid from pg_partition_tree(${table}::regclass) where isleaf
      union select ${table}::regclass where not exists (select from pg_partition_tree(${table}::regclass))) p`.execute(
    db,
  );
  const n = Number(stat[0]!.n);
  return {
    rows: n,
    heap: Number(size[0]!.heap) / n,
    indexes: Number(size[0]!.indexes) / n,
    total: Number(size[0]!.total) / n,
    tuple: Number(stat[0]!.tuple),
    payload: Number(stat[0]!.payload),
  };
}

async function writeCheckins(store: Store, n: number, now: Date): Promise<void> {
  const db = store.db;
  await seedPersons(store, PERSONS, undefined, now);
  await createIssuer(db, { id: 'pc-covid', name: 'PC-Covid', rights: ['venue'] } as never, now);
  const venues: string[] = [];
  for (let i = 0; i < VENUES; i++) {
    const input = { name: `Cửa hàng ${i}`, address: 'Lê Lợi, Quận 1', provinceCode: '79' };
    venues.push((await registerVenue(db, null, input, { issuerId: 'pc-covid', now })).venue.id);
  }
  const ids = (await db.selectFrom('registry_persons').select('id_number').execute()).map((r) => r.id_number);
  const policy = { retentionDays: 21, skewSeconds: 300 };
  for (let i = 0; i < n; i += CHUNK) {
    const events = Array.from({ length: Math.min(CHUNK, n - i) }, (_, k) => ({
      eventId: crypto.randomUUID(),
      idNumber: ids[(i + k) % ids.length]!,
      venueId: venues[(i + k) % venues.length]!,
      direction: (k % 2 === 0 ? 'in' : 'out') as 'in' | 'out',
      at: new Date(now.getTime() - 3_600_000 + ((i + k) % 3_000_000)).toISOString(),
    }));
    const out = await importCheckins(db, events, now, policy);
    const bad = out.find((r) => r.status !== 'stored');
    if (bad) throw new Error(`check-in not stored: ${JSON.stringify(bad)}`);
  }
}

async function writeAudits(store: Store, n: number, now: Date): Promise<void> {
  const db = store.db;
  const creds = await createClient(db, { role: 'venue-staff', name: 'Chợ Bến Thành quầy 1' }, now);
  const actor = { id: creds.clientId, name: 'Chợ Bến Thành quầy 1', role: 'venue-staff' as const };
  const ids = (await db.selectFrom('registry_persons').select('id_number').execute()).map((r) => r.id_number);
  for (let i = 0; i < n; i += CHUNK) {
    const entries: AuditEntry[] = Array.from({ length: Math.min(CHUNK, n - i) }, (_, k) => ({
      actor,
      personId: ids[(i + k) % ids.length]!,
      // What a venue-staff scan writes (scan/service.ts, views.ts VENUE_STAFF).
      fields: ['fullName', 'colour'],
      purpose: 'scan (venue-staff)',
      outcome: 'disclosed',
      route: '/v1/scan',
      at: new Date(now.getTime() + i + k),
    }));
    await recordAudits(db, entries);
  }
}

function toResult(table: string, b: TableBytes, walPerRow: number, note: string): Result {
  const round = (x: number): number => Number(x.toFixed(1));
  return result(
    NAME,
    `row-bytes: postgres ${table}, on disk per row (heap + indexes)`,
    round(b.total),
    'bytes/row',
    {
      name: `${table} column bytes per row (octet_length, 8 per bigint)`,
      value: round(b.payload),
      unit: 'bytes/row',
    },
    {
      pinned: false,
      note,
      detail: {
        rows: b.rows,
        heapBytesPerRow: round(b.heap),
        indexBytesPerRow: round(b.indexes),
        tupleBytesPerRow: round(b.tuple),
        walBytesPerRow: round(walPerRow),
      },
    },
  );
}

export const rowBytesBenchmark: Benchmark = {
  name: NAME,
  description: 'bytes per check-in row and per audit row on PostgreSQL (heap, indexes, WAL)',
  async run(ctx: Context): Promise<Result[]> {
    const admin = process.env.ONEQR_BENCH_PG_URL || DEFAULT_PG_URL;
    const down = await pgUnavailable(admin);
    if (down !== null) {
      return [
        result(NAME, 'row-bytes: postgres (skipped)', 0, 'bytes/row', null, {
          pinned: false,
          note: `skipped: PostgreSQL unreachable (${down})`,
          detail: { skipped: true },
        }),
      ];
    }
    const n = ctx.quick ? 10_000 : 100_000;
    const temp = await createTempDatabase(admin);
    const store = await openStore({ url: temp.url });
    try {
      const now = new Date();
      const db = store.db as AnyDb;
      const w0 = await walPosition(db);
      await writeCheckins(store, n, now);
      const w1 = await walPosition(db);
      await writeAudits(store, n, now);
      const w2 = await walPosition(db);
      const checkins = await measure(db, 'checkins');
      const audits = await measure(db, 'audit_log');
      const note = `${n} rows each on a fresh database, after VACUUM ANALYZE; WAL per row is cluster-wide (an upper bound)`;
      return [
        toResult(
          'checkins',
          checkins,
          Number(w1 - w0) / n,
          `${note}; check-ins through importCheckins (${CHUNK} a call)`,
        ),
        toResult(
          'audit_log',
          audits,
          Number(w2 - w1) / n,
          `${note}; audit rows through recordAudits (${CHUNK} a commit)`,
        ),
      ];
    } finally {
      await store.close();
      await temp.drop();
    }
  },
};
