/**
 * The exposure-search half of the checkins benchmark, run in a child pinned to core 0: builds
 * (or reuses) a generated dataset — persons × venues × check-ins over `days` days — then times
 * `findExposures` (the service behind POST /v1/tracing/exposures: the case's visits by
 * person + time, each venue's by venue + time, visits paired, one audit row per exposed person)
 * for sampled persons over a 2-day window.
 *
 * Generation is bulk: on PostgreSQL one INSERT … SELECT over generate_series per day, on the
 * server, with synchronous_commit off on that session (it is test data); on SQLite a seeded
 * generator through one prepared statement, 100 k rows a transaction. Visits: a person drawn
 * uniformly, a venue drawn with a skew (a few venues are busy), an entry at a random time of the
 * day, a dwell of 10-120 min, an exit for 90 % of them; so rows ≈ 1.9 × visits. Only the sampled
 * persons are in the registry (the search reads only check-ins once it knows the case).
 *
 * The dataset is kept and reused between runs (PostgreSQL: database `oneqr_bench_ds_<scale>`;
 * SQLite: a file under the OS temp folder) once complete; ONEQR_BENCH_FRESH_DATASET=1 rebuilds it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { createPerson, ensureCheckinDays, findExposures, openStore, type Store } from '@oneqr/server';
import { percentile } from './lib/stats.ts';

export interface DatasetScale {
  persons: number;
  venues: number;
  checkins: number;
  days: number;
}

export interface ExposureInput {
  engine: 'sqlite' | 'postgres';
  /** PostgreSQL: the admin URL the dataset database is created on. */
  pgAdminUrl: string;
  scale: DatasetScale;
  samples: number;
  fresh: boolean;
}

export interface ExposureOutput {
  database: string;
  reused: boolean;
  generateSeconds: number;
  rows: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same searches with the call in one transaction: its audit rows share one commit. */
  oneCommitP50Ms: number;
  oneCommitP99Ms: number;
  meanExposures: number;
  maxExposures: number;
  /** The plan nodes of the two reads (index use), PostgreSQL only. */
  personPlan: string;
  venuePlan: string;
}

const DAY = 86_400_000;
const WINDOW_DAYS = 2;

/** Person i's 12-digit id (province 079, male born 1990): the registry accepts it. */
const personId = (i: number) => `079090${String(i).padStart(6, '0')}`;
const venueId = (i: number) => `v${i}`;
/** Venue skew: index = floor(V · r^1.5), so the busiest venue gets ~V^-2/3 of all visits. */
const SKEW = 1.5;

/** mulberry32: a small seeded PRNG, so a SQLite dataset is the same every time. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const scaleName = (s: DatasetScale) => `${s.persons}_${s.venues}_${s.checkins}_${s.days}`;

async function pgDatabase(adminUrl: string, name: string, fresh: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (exists && fresh) await admin.query(`drop database ${name} with (force)`);
    if (!exists || fresh) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function readMeta(store: Store): Promise<{ endMs: number; rows: number } | null> {
  await sql`create table if not exists bench_dataset (k text primary key, v text not null)`.execute(store.db);
  const r = await sql<{ k: string; v: string }>`select k, v from bench_dataset`.execute(store.db);
  const m = new Map(r.rows.map((x) => [x.k, x.v]));
  return m.get('complete') === '1' ? { endMs: Number(m.get('end_ms')), rows: Number(m.get('rows')) } : null;
}

async function writeMeta(store: Store, endMs: number, rows: number): Promise<void> {
  for (const [k, v] of [
    ['end_ms', String(endMs)],
    ['rows', String(rows)],
    ['complete', '1'],
  ])
    await sql`insert into bench_dataset (k, v) values (${k}, ${v}) on conflict (k) do update set v = excluded.v`.execute(
      store.db,
    );
}

async function generatePg(store: Store, s: DatasetScale, endMs: number): Promise<void> {
  const start = endMs - s.days * DAY;
  await ensureCheckinDays(store.db, start, endMs);
  const perDay = Math.round(s.checkins / s.days / 1.9);
  await store.db.connection().execute(async (c) => {
    await sql`set synchronous_commit = off`.execute(c);
    await sql`select setseed(0.1405)`.execute(c);
    for (let d = 0; d < s.days; d++) {
      const day = start + d * DAY;
      // Entries in [day, day + 21 h) so that exits stay before `endMs` on the last day.
      await sql`
        insert into checkins (event_id, person_id, venue_id, direction, at, server_at, source, client_id)
        select 'g' || ${sql.lit(d)} || '-' || v.n || e.dir, v.person, v.venue, e.dir, e.at, e.at, 'import', null
        from (
          select n,
            '079090' || lpad(floor(random() * ${sql.lit(s.persons)})::int::text, 6, '0') as person,
            'v' || floor(${sql.lit(s.venues)} * power(random(), ${sql.lit(SKEW)}))::int as venue,
            (${sql.lit(day)}::int8 + floor(random() * ${sql.lit(21 * 3_600_000)})::int8) as start,
            (floor((10 + random() * 110) * 60000))::int8 as dwell,
            random() < 0.9 as has_out
          from generate_series(1, ${sql.lit(perDay)}) n
        ) v
        cross join lateral (values ('in', v.start), ('out', v.start + v.dwell)) e(dir, at)
        where e.dir = 'in' or v.has_out`.execute(c);
      process.stderr.write(`bench: checkins dataset (postgres): day ${d + 1}/${s.days}\n`);
    }
  });
  await sql`analyze checkins`.execute(store.db);
}

function generateSqlite(file: string, s: DatasetScale, endMs: number): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const insert = db.prepare(
      `insert into checkins (event_id, person_id, venue_id, direction, at, server_at, source, client_id)
       values (?, ?, ?, ?, ?, ?, 'import', null)`,
    );
    const rand = prng(1405);
    const start = endMs - s.days * DAY;
    const perDay = Math.round(s.checkins / s.days / 1.9);
    const many = db.transaction((rows: [string, string, string, string, number][]) => {
      for (const r of rows) insert.run(r[0], r[1], r[2], r[3], r[4], r[4]);
    });
    for (let d = 0; d < s.days; d++) {
      const day = start + d * DAY;
      let rows: [string, string, string, string, number][] = [];
      for (let n = 0; n < perDay; n++) {
        const person = personId(Math.floor(rand() * s.persons));
        const venue = venueId(Math.floor(s.venues * rand() ** SKEW));
        const at = day + Math.floor(rand() * 21 * 3_600_000);
        const dwell = Math.floor((10 + rand() * 110) * 60000);
        rows.push([`g${d}-${n}in`, person, venue, 'in', at]);
        if (rand() < 0.9) rows.push([`g${d}-${n}out`, person, venue, 'out', at + dwell]);
        if (rows.length >= 100_000) {
          many(rows);
          rows = [];
        }
      }
      many(rows);
      process.stderr.write(`bench: checkins dataset (sqlite): day ${d + 1}/${s.days}\n`);
    }
    db.exec('analyze');
  } finally {
    db.close();
  }
}

async function plan(store: Store, by: 'person_id' | 'venue_id', value: string, from: number, to: number) {
  const r = await sql<{ 'QUERY PLAN': unknown }>`explain (format json)
    select * from checkins where ${sql.ref(by)} = ${value} and at >= ${from} and at <= ${to} order by at, event_id`.execute(
    store.db,
  );
  const nodes = new Set<string>();
  const walk = (n: Record<string, unknown>) => {
    const type = String(n['Node Type']);
    nodes.add(n['Index Name'] ? `${type} (${String(n['Index Name']).replace(/^checkins_p\d+_/, '')})` : type);
    for (const c of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(c);
  };
  const doc = r.rows[0]!['QUERY PLAN'] as { Plan: Record<string, unknown> }[];
  walk(doc[0]!.Plan);
  return [...nodes].join(', ');
}

export async function exposureProbe(input: ExposureInput): Promise<ExposureOutput> {
  const s = input.scale;
  const name = `oneqr_bench_ds_${scaleName(s)}`;
  let url: string;
  if (input.engine === 'postgres') url = await pgDatabase(input.pgAdminUrl, name, input.fresh);
  else {
    const file = path.join(os.tmpdir(), `${name}.sqlite`);
    if (input.fresh) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    url = `sqlite:${file}`;
  }
  let store = await openStore({ url });
  let meta = await readMeta(store);
  const reused = meta !== null;
  let generateSeconds = 0;
  if (meta === null) {
    const t0 = performance.now();
    // A day boundary as the end: the 14 days are whole partitions.
    const endMs = Math.floor(Date.now() / DAY) * DAY;
    await sql`delete from checkins`.execute(store.db);
    if (input.engine === 'postgres') await generatePg(store, s, endMs);
    else {
      await store.close();
      generateSqlite(url.slice('sqlite:'.length), s, endMs);
      store = await openStore({ url });
    }
    const rows = Number(
      (
        await store.db
          .selectFrom('checkins')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    for (let k = 0; k < input.samples; k++) {
      const i = Math.floor(((k + 0.5) * s.persons) / input.samples);
      await createPerson(
        store.db,
        { idNumber: personId(i), fullName: 'Nguyễn Văn Ca', birthDate: '1990-01-01', gender: 'male' },
        new Date(endMs),
      ).catch((err: unknown) => {
        if (!/exists|already/i.test(String((err as Error).message))) throw err;
      });
    }
    await writeMeta(store, endMs, rows);
    meta = { endMs, rows };
    generateSeconds = (performance.now() - t0) / 1000;
  }
  const { endMs } = meta;
  const from = new Date(endMs - WINDOW_DAYS * DAY);
  const to = new Date(endMs);
  const ids = Array.from({ length: input.samples }, (_, k) =>
    personId(Math.floor(((k + 0.5) * s.persons) / input.samples)),
  );
  const times: number[] = [];
  const counts: number[] = [];
  try {
    // Warm-up: the first searches fault the indexes in.
    for (const id of ids.slice(0, Math.min(20, ids.length)))
      await findExposures(store.db, null, { idNumber: id, from, to }, to);
    for (const id of ids) {
      const t0 = performance.now();
      const r = await findExposures(store.db, null, { idNumber: id, from, to }, to);
      times.push(performance.now() - t0);
      counts.push(r.exposures.length);
    }
    const oneCommit: number[] = [];
    for (const id of ids) {
      const t0 = performance.now();
      await store.db.transaction().execute((trx) => findExposures(trx, null, { idNumber: id, from, to }, to));
      oneCommit.push(performance.now() - t0);
    }
    const busiest = ids[0]!;
    return {
      database: input.engine === 'postgres' ? name : url,
      reused,
      generateSeconds: Number(generateSeconds.toFixed(1)),
      rows: meta.rows,
      samples: times.length,
      p50Ms: Number(percentile(times, 50).toFixed(2)),
      p99Ms: Number(percentile(times, 99).toFixed(2)),
      maxMs: Number(Math.max(...times).toFixed(2)),
      oneCommitP50Ms: Number(percentile(oneCommit, 50).toFixed(2)),
      oneCommitP99Ms: Number(percentile(oneCommit, 99).toFixed(2)),
      meanExposures: Number((counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(1)),
      maxExposures: Math.max(...counts),
      personPlan:
        input.engine === 'postgres'
          ? await plan(store, 'person_id', busiest, from.getTime(), to.getTime())
          : '',
      venuePlan:
        input.engine === 'postgres' ? await plan(store, 'venue_id', 'v0', from.getTime(), to.getTime()) : '',
    };
  } finally {
    await store.close();
  }
}
