import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
// PostgreSQL: check-ins become a table partitioned by UTC day of `at` (Unix ms), so retention
// drops whole days. A partitioned table's unique keys must hold the partition key: the primary
// key becomes (event_id, at); the writer keeps event ids unique itself (checkins/writer.ts).
// Rows already stored move into the new table, one partition per day they fall on. The index
// on `at` alone goes: partition pruning does its work. SQLite: nothing changes.
const DAY_MS = 86_400_000;

const partitionName = (day: number) =>
  `checkins_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table checkins rename to checkins_unpartitioned`.execute(db);
  for (const index of ['checkins_venue_at', 'checkins_person_at', 'checkins_at'])
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  await sql`alter table checkins_unpartitioned rename constraint checkins_pkey to checkins_unpartitioned_pkey`.execute(
    db,
  );
  await sql`create table checkins (
      event_id text not null,
      person_id text not null,
      venue_id text not null,
      direction text not null,
      at bigint not null,
      server_at bigint not null,
      source text not null,
      client_id text,
      constraint checkins_pkey primary key (event_id, at)
    ) partition by range (at)`.execute(db);
  await sql`create index checkins_venue_at on checkins (venue_id, at)`.execute(db);
  await sql`create index checkins_person_at on checkins (person_id, at)`.execute(db);
  const days = await sql<{ day: number }>`
    select distinct (floor(at::float8 / ${DAY_MS}) * ${DAY_MS})::int8 as day from checkins_unpartitioned`.execute(
    db,
  );
  for (const { day } of days.rows) {
    const d = Number(day);
    await sql`create table ${sql.id(partitionName(d))} partition of checkins
      for values from (${sql.lit(d)}) to (${sql.lit(d + DAY_MS)})`.execute(db);
  }
  await sql`insert into checkins select event_id, person_id, venue_id, direction, at, server_at, source, client_id
    from checkins_unpartitioned`.execute(db);
  await sql`drop table checkins_unpartitioned`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table checkins rename to checkins_partitioned`.execute(db);
  for (const index of ['checkins_venue_at', 'checkins_person_at'])
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  await sql`alter table checkins_partitioned rename constraint checkins_pkey to checkins_partitioned_pkey`.execute(
    db,
  );
  await sql`create table checkins (
      event_id text primary key, person_id text not null, venue_id text not null, direction text not null,
      at bigint not null, server_at bigint not null, source text not null, client_id text)`.execute(db);
  await sql`insert into checkins select * from checkins_partitioned on conflict (event_id) do nothing`.execute(
    db,
  );
  await sql`drop table checkins_partitioned cascade`.execute(db);
  await sql`create index checkins_venue_at on checkins (venue_id, at)`.execute(db);
  await sql`create index checkins_person_at on checkins (person_id, at)`.execute(db);
  await sql`create index checkins_at on checkins (at)`.execute(db);
}
