import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, createTestStore } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: store`, () => {
    it('opens, migrates and answers a query', async () => {
      const store = await createTestStore(dialect);
      try {
        const r = await sql<{ one: number }>`select 1 as one`.execute(store.db);
        expect(Number(r.rows[0]?.one)).toBe(1);
      } finally {
        await store.destroy();
      }
    });
  });
}
