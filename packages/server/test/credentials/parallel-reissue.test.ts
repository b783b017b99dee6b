/**
 * Attack: 50 parallel issuances of one person's QR over real HTTP. On PostgreSQL each ran in its
 * own transaction on its own connection and they deadlocked (40P01 in the revocation upsert, then
 * 23505 after the retries): many 500s. Issues of one QID must run one after the other: no 5xx,
 * and exactly one credential left current.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { createIssuer } from '../../src/issuers/service.ts';

const HAN = {
  idNumber: '001087029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1987-01-18',
  gender: 'male',
};
const PARALLEL = 50;

for (const dialect of DIALECTS) {
  describe(`${dialect}: parallel re-issue of one person's QR`, () => {
    let t: TestApp;
    let url: string;
    let tokens: string[];
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      const db = t.store.db;
      await createIssuer(db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      await createIssuer(db, { id: 'vneid', name: 'VNeID', rights: ['personal'] }, t.clock.now);
      await createPerson(db, HAN, t.clock.now);
      // Two apps, so the race also crosses issuers (a re-issue revokes every app's earlier QR).
      tokens = [
        (await t.login({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' })).token,
        (await t.login({ role: 'app', name: 'VNeID', issuerId: 'vneid' })).token,
      ];
      url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterEach(async () => t.close());

    it(`${PARALLEL} parallel issuances: no 5xx, distinct iats, exactly one current credential`, async () => {
      const statuses = await Promise.all(
        Array.from({ length: PARALLEL }, async (_, i) => {
          const res = await fetch(`${url}/v1/credentials/personal`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tokens[i % 2]}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              idNumber: HAN.idNumber,
              fullName: HAN.fullName,
              birthDate: HAN.birthDate,
            }),
          });
          const body = (await res.json()) as { iat?: number; code?: string };
          return { status: res.status, iat: body.iat, code: body.code };
        }),
      );
      const failed = statuses.filter((s) => s.status !== 201);
      expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
      const iats = statuses.map((s) => s.iat!);
      expect(new Set(iats).size).toBe(PARALLEL);

      const db = t.store.db;
      const active = await db
        .selectFrom('credentials')
        .select(['iat'])
        .where('status', '=', 'active')
        .execute();
      expect(active).toHaveLength(1);
      expect(Number(active[0]!.iat)).toBe(Math.max(...iats));
      const revocation = await db.selectFrom('trust_revocations').selectAll().executeTakeFirstOrThrow();
      expect(Number(revocation.before_iat)).toBe(Math.max(...iats));
    });
  });
}
