/**
 * The shared group-commit writer (store/group-commit.ts) and the audit log on it: concurrent
 * writes share transactions, each caller's promise settles after its own commit, a failing write
 * fails only its caller, and a write inside a caller's transaction stays in that transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../src/store/database.ts';
import { groupCommitWriter } from '../src/store/group-commit.ts';
import { recordAudit, type AuditEntry } from '../src/access/service.ts';
import { auditWriter } from '../src/access/audit.ts';
import { createTestStore, DIALECTS, type TestStore } from './helpers.ts';

const AT = new Date('2025-03-01T08:00:00.000Z');
const entry = (purpose: string): AuditEntry => ({
  actor: { id: 'cl_test', name: 'test', role: 'venue-staff' },
  personId: '001090012345',
  fields: ['colour'],
  purpose,
  outcome: 'disclosed',
  route: '/v1/scan',
  at: AT,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: group commit`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createTestStore(dialect);
    });
    afterAll(async () => store?.destroy());

    const count = async (purpose: string) =>
      Number(
        (
          await store.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('purpose', 'like', `${purpose}%`)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('concurrent audit entries share commits, and every one is stored when its promise settles', async () => {
      const writer = auditWriter(store.db);
      const before = writer.commits;
      await Promise.all(Array.from({ length: 50 }, (_, i) => recordAudit(store.db, entry(`gc ${i}`))));
      expect(await count('gc ')).toBe(50);
      expect(writer.commits - before).toBeGreaterThan(0);
      expect(writer.commits - before).toBeLessThan(50);
    });

    it('a write that fails fails only its own caller', async () => {
      // Items are ids of a table with a primary key: a duplicate id fails its transaction.
      const commit = (db: Kysely<DB>, ids: string[]) =>
        db.transaction().execute(async (trx) => {
          for (const id of ids)
            await trx
              .insertInto('audit_log')
              .values({ ...row(id), purpose: `iso ${id}` })
              .execute();
          return ids.map(() => 'ok' as const);
        });
      const writer = groupCommitWriter(store.db, 'test-isolation', commit);
      const results = await Promise.allSettled([
        writer.write(['iso-a']),
        writer.write(['iso-b', 'iso-b']),
        writer.write(['iso-c']),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await count('iso ')).toBe(2);
    });

    it('inside a caller’s transaction the entry belongs to that transaction', async () => {
      await expect(
        store.db.transaction().execute(async (trx) => {
          await recordAudit(trx, entry('rolled back'));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await count('rolled back')).toBe(0);
    });
  });
}

function row(id: string) {
  return {
    id,
    at: AT.getTime(),
    actor_client_id: null,
    actor_role: null,
    actor_name: null,
    person_id: null,
    fields: '[]',
    purpose: '',
    outcome: 'refused',
    route: '/test',
  };
}
