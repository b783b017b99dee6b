/**
 * The group-commit writer waits for requests still being verified (announced with expect())
 * so that they share the commit, but never longer than its bound; a request that never writes
 * does not hold commits back for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { GroupCommitWriter } from '../../src/checkins/writer.ts';
import type { CheckinRow } from '../../src/checkins/checkins.table.ts';

const turn = () => new Promise<void>((r) => setImmediate(r));

for (const dialect of DIALECTS) {
  describe(`${dialect}: group-commit writer`, () => {
    let store: TestStore;
    const now = Date.now();
    const row = (id: string): CheckinRow => ({
      event_id: id,
      person_id: '079090000001',
      venue_id: 'v1',
      direction: 'in',
      at: now,
      server_at: now,
      source: 'import',
      client_id: null,
    });
    beforeAll(async () => {
      store = await createTestStore(dialect);
    });
    afterAll(async () => store?.destroy());

    it('a write waits for a request announced before it, and both share one commit', async () => {
      const writer = new GroupCommitWriter(store.db, 600_000);
      const written = writer.expect();
      const first = writer.write([row('w-1')]);
      // Several turns of the event loop pass: without the wait, w-1 would commit alone.
      for (let i = 0; i < 5; i++) await turn();
      expect(writer.commits).toBe(0);
      const second = writer.write([row('w-2')]);
      written();
      expect(await Promise.all([first, second])).toEqual([['stored'], ['stored']]);
      expect(writer.commits).toBe(1);
    });

    it('requests announced after the gather began, or never writing, do not hold it past the bound', async () => {
      const writer = new GroupCommitWriter(store.db, 1);
      writer.expect(); // never released
      expect(await writer.write([row('w-3')])).toEqual(['stored']);
      const later = writer.write([row('w-4')]);
      writer.expect(); // announced after: not waited for
      expect(await later).toEqual(['stored']);
      expect(writer.commits).toBe(2);
    });
  });
}
