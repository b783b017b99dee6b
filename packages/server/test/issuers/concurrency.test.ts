/**
 * Two admin requests (or two API nodes) racing on one issuer's keys: the second must see the
 * first's committed change, on both engines (PostgreSQL runs them on separate connections).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { createIssuer, getIssuer, revokeKey, rotateIssuerKey } from '../../src/issuers/service.ts';
import type { HttpError } from '../../src/errors.ts';

const T0 = new Date('2022-01-15T03:00:00.000Z');
const later = (ms: number): Date => new Date(T0.getTime() + ms);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const dialect of DIALECTS) {
  describe(`${dialect}: issuer key changes racing`, () => {
    let store: TestStore;
    beforeEach(async () => {
      store = await createTestStore(dialect);
      await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, T0);
    });
    afterEach(async () => store.destroy());

    it('of two concurrent revocations of one key, the second is refused as already revoked', async () => {
      const kid = (await getIssuer(store.db, 'pc-covid'))!.keys[0]!.kid;
      let second: Promise<string> | undefined;
      await store.db.transaction().execute(async (trx) => {
        await revokeKey(trx, kid, later(1000));
        // The second request starts while the first is still uncommitted.
        second = revokeKey(store.db, kid, later(2000)).then(
          () => 'revoked',
          (err: HttpError) => err.code,
        );
        await pause(300);
      });
      expect(await second).toBe('ISSUERS_KEY_ALREADY_REVOKED');
      const key = (await getIssuer(store.db, 'pc-covid'))!.keys[0]!;
      expect(key.revokedAt).toBe(later(1000).toISOString());
    });

    it('two concurrent rotations leave exactly one current (unbounded) key', async () => {
      let second: Promise<unknown> | undefined;
      await store.db.transaction().execute(async (trx) => {
        await rotateIssuerKey(trx, 'pc-covid', later(1000), { overlapDays: 1 });
        second = rotateIssuerKey(store.db, 'pc-covid', later(2000), { overlapDays: 1 });
        await pause(300);
      });
      await second;
      const keys = (await getIssuer(store.db, 'pc-covid'))!.keys;
      expect(keys).toHaveLength(3);
      expect(keys.filter((k) => k.notAfter === null)).toHaveLength(1);
    });
  });
}
