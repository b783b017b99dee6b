/**
 * PostgreSQL keeps check-ins partitioned by UTC day (migration 0019): an existing database's
 * rows move into day partitions; an event id stays unique across days; a day without a
 * partition gets one on the first write, even after another node dropped it; retention drops
 * whole days and deletes the older part of the straddling day, logging the counts. SQLite keeps
 * one table and deletes.
 */
import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS } from '../helpers.ts';
import { buildWorld, type CheckinWorld } from './fixture.ts';
import { importCheckins } from '../../src/checkins/service.ts';
import { listPartitions, partitionName } from '../../src/checkins/partitions.ts';
import { purgeExpired } from '../../src/retention/service.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import * as m0019 from '../../src/store/migrations/0019_checkins_by_day.ts';
import type { DB } from '../../src/store/database.ts';

const DAY = 86_400_000;
const POLICY = { retentionDays: 21, skewSeconds: 300 };

const ids = async (db: Kysely<DB>) =>
  (await db.selectFrom('checkins').select('event_id').orderBy('event_id').execute()).map((r) => r.event_id);

function event(w: CheckinWorld, id: string, at: number, person = 0) {
  return {
    eventId: id,
    idNumber: w.persons[person]!.idNumber,
    venueId: 'venue-0',
    direction: 'in' as const,
    at: new Date(at).toISOString(),
  };
}

describe.runIf(DIALECTS.includes('postgres'))('postgres: check-ins partitioned by day', () => {
  it('an existing database: the rows move into one partition per day, and the old table goes', async () => {
    const w = await buildWorld('postgres', { persons: 2, venues: 1 });
    try {
      const db = w.t.store.db;
      // Back to the unpartitioned table of 0011, with rows on three days, then forward again.
      await m0019.down(db as Kysely<unknown>);
      await sql`delete from kysely_migration where name = '0019_checkins_by_day'`.execute(db);
      const now = w.t.clock.now.getTime();
      const day0 = Math.floor(now / DAY) * DAY;
      const rows = [day0 - 2 * DAY + 5, day0 - DAY, day0 - 1, day0, now - 1000].map((at, i) => ({
        event_id: `old-${i}`,
        person_id: w.persons[0]!.idNumber,
        venue_id: 'venue-0',
        direction: 'in',
        at,
        server_at: now,
        source: 'import',
        client_id: null,
      }));
      await db.insertInto('checkins').values(rows).execute();
      expect(await migrateToLatest(db)).toEqual(['0019_checkins_by_day']);
      const kind = await sql<{
        relkind: string;
      }>`select relkind from pg_class where relname = 'checkins'`.execute(db);
      expect(kind.rows[0]?.relkind).toBe('p');
      expect((await listPartitions(db)).map((p) => p.name)).toEqual(
        [day0 - 2 * DAY, day0 - DAY, day0].map(partitionName),
      );
      expect(await ids(db)).toEqual(rows.map((r) => r.event_id).sort());
      // The day boundary: day0 - 1 ms is yesterday's, day0 today's.
      const inToday = await sql<{
        event_id: string;
      }>`select event_id from ${sql.id(partitionName(day0))} order by event_id`.execute(db);
      expect(inToday.rows.map((r) => r.event_id)).toEqual(['old-3', 'old-4']);
      const old = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_class where relname = 'checkins_unpartitioned'`.execute(db);
      expect(old.rows[0]?.n).toBe(0);
      // Writes go on through the writer into the migrated table.
      const r = await importCheckins(
        db,
        [event(w, 'after', now - 60_000), event(w, 'old-4', now - 5_000)],
        w.t.clock.now,
        POLICY,
      );
      expect(r.map((x) => x.status)).toEqual(['stored', 'duplicate']);
    } finally {
      await w.t.close();
    }
  });

  it('an event id re-sent with another time (another day) is still a duplicate', async () => {
    const w = await buildWorld('postgres', { persons: 2, venues: 1 });
    try {
      const now = w.t.clock.now.getTime();
      const first = await importCheckins(
        w.t.store.db,
        [event(w, 'e-1', now - 3 * DAY)],
        w.t.clock.now,
        POLICY,
      );
      expect(first[0]!.status).toBe('stored');
      const again = await importCheckins(
        w.t.store.db,
        [event(w, 'e-1', now - 60_000, 1), event(w, 'e-2', now - 60_000), event(w, 'e-2', now - 2 * DAY)],
        w.t.clock.now,
        POLICY,
      );
      expect(again.map((x) => x.status)).toEqual(['duplicate', 'stored', 'duplicate']);
      const rows = await w.t.store.db
        .selectFrom('checkins')
        .select(['event_id', 'at', 'person_id'])
        .orderBy('event_id')
        .execute();
      expect(rows).toEqual([
        { event_id: 'e-1', at: now - 3 * DAY, person_id: w.persons[0]!.idNumber },
        { event_id: 'e-2', at: now - 60_000, person_id: w.persons[0]!.idNumber },
      ]);
    } finally {
      await w.t.close();
    }
  });

  it('a day whose partition another node dropped is created again on the next write', async () => {
    const w = await buildWorld('postgres', { persons: 1, venues: 1 });
    try {
      const db = w.t.store.db;
      const now = w.t.clock.now.getTime();
      expect((await importCheckins(db, [event(w, 'a', now - DAY)], w.t.clock.now, POLICY))[0]!.status).toBe(
        'stored',
      );
      // As if another node dropped it: this process still believes the day exists.
      await sql`drop table ${sql.id(partitionName(Math.floor((now - DAY) / DAY) * DAY))}`.execute(db);
      const r = await importCheckins(db, [event(w, 'b', now - DAY)], w.t.clock.now, POLICY);
      expect(r[0]!.status).toBe('stored');
      expect(await ids(db)).toEqual(['b']);
    } finally {
      await w.t.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: retention over days`, () => {
    it('drops whole past days (PostgreSQL) or deletes (SQLite), trims the straddling day, creates days ahead', async () => {
      const w = await buildWorld(dialect, { persons: 1, venues: 1 });
      try {
        const db = w.t.store.db;
        const now = w.t.clock.now.getTime();
        const events = [20.9, 20.5, 15, 10, 3, 0.01].map((d, i) => event(w, `r-${i}`, now - d * DAY));
        expect(
          (await importCheckins(db, events, w.t.clock.now, POLICY)).every((r) => r.status === 'stored'),
        ).toBe(true);
        const logged: object[] = [];
        const log = { info: (o: object) => logged.push(o), error: () => {} };
        // Retention 12 days, 0.3 days on: everything before now - 11.7 days goes.
        const later = new Date(now + 0.3 * DAY);
        const before = later.getTime() - 12 * DAY;
        const report = await purgeExpired(db, later, 12, log);
        expect(logged).toEqual([{ retention: report }]);
        expect(report.checkins).toBe(3);
        expect(await ids(db)).toEqual(['r-3', 'r-4', 'r-5']);
        if (dialect === 'postgres') {
          expect(report.checkinPartitionsDropped).toBeGreaterThanOrEqual(2);
          const days = (await listPartitions(db)).map((p) => p.dayStart);
          expect(Math.min(...days)).toBeGreaterThanOrEqual(Math.floor(before / DAY) * DAY);
          const today = Math.floor(later.getTime() / DAY) * DAY;
          expect(days).toContain(today + 2 * DAY);
          // Again: nothing left to purge, nothing dropped.
          expect(await purgeExpired(db, later, 12)).toMatchObject({
            checkins: 0,
            checkinPartitionsDropped: 0,
          });
        } else {
          expect(report.checkinPartitionsDropped).toBe(0);
        }
      } finally {
        await w.t.close();
      }
    });
  });
}
