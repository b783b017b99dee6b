/**
 * The token and trust-store caches (store/change-watch.ts): a disabled client, a revoked token, a
 * revoked key and a new rule set take effect within the staleness bound on a node that did not
 * make the change, and a cached token never outlives its own expiry. Two nodes = two store
 * handles on one database; the other node's change is written as it writes it (same counters),
 * and the bound is stepped over with the caches' own monotonic clock, not slept through.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { openStore, type Dialect, type Store } from '../../src/store/store.ts';
import { DEFAULT_CACHE_STALENESS_MS, setCacheStaleness } from '../../src/store/change-watch.ts';
import { createClient, disableClient, revokeToken } from '../../src/access/service.ts';
import { createIssuer, revokeKey, getIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { addRuleVersion, ensureDefaultRules } from '../../src/health/service.ts';
import { createTestStore, DIALECTS, type TestStore } from '../helpers.ts';
import { bearer } from '../platform/build.ts';

const BOUND = 1000;
const T0 = new Date('2025-03-01T08:00:00.000Z');
const PERSON = {
  idNumber: '001090012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1990-05-01',
  gender: 'male',
  provinceCode: '01',
  phone: null,
  address: 'Hà Nội',
} as const;

/** A's monotonic clock (ms) as the caches read it. */
const mono = { now: 0 };

interface Nodes {
  /** The node under test: its app caches. */
  a: Store;
  app: FastifyInstance;
  /** The other node: changes are made through it. */
  b: Store;
  clock: { now: Date };
  close(): Promise<void>;
}

async function twoNodes(dialect: Dialect): Promise<Nodes> {
  let base: TestStore | undefined;
  let dir: string | undefined;
  let a: Store;
  let b: Store;
  if (dialect === 'sqlite') {
    dir = await mkdtemp(path.join(tmpdir(), 'oneqr-cache-'));
    const url = `sqlite:${path.join(dir, 'oneqr.sqlite')}`;
    a = await openStore({ url });
    b = await openStore({ url });
  } else {
    base = await createTestStore(dialect);
    a = base;
    b = await openStore({ url: base.url });
  }
  const clock = { now: T0 };
  const app = await buildApp({
    store: a,
    config: {
      rateLimitPerMinute: 0,
      tokenRateLimitPerMinute: 0,
      tokenTtlSeconds: 900,
      cacheStalenessMs: BOUND,
    },
    clock: () => clock.now,
    logger: false,
  });
  setCacheStaleness(BOUND, () => mono.now);
  return {
    a,
    app,
    b,
    clock,
    async close() {
      await app.close();
      await b.close();
      if (base) await base.destroy();
      else await a.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Past this process's own-change window and past the bound: only the counters decide now. */
function stepPastBound(): void {
  mono.now += BOUND + 1;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: cache staleness`, () => {
    let n: Nodes;
    let qr = '';
    let kid = '';

    const token = async (role: 'venue-staff' | 'app', issuerId = 'pc-covid') => {
      const creds = await createClient(
        n.b.db,
        { role, name: `${role} ${Math.random()}`, issuerId },
        n.clock.now,
      );
      const res = await n.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: creds.clientId, client_secret: creds.clientSecret },
      });
      expect(res.statusCode, res.body).toBe(200);
      return { ...creds, token: (res.json() as { access_token: string }).access_token };
    };
    const scan = (tok: string, text = qr) =>
      n.app.inject({ method: 'POST', url: '/v1/scan', headers: bearer(tok), payload: { text } });

    beforeAll(async () => {
      n = await twoNodes(dialect);
      await ensureDefaultRules(n.b.db, T0);
      await createPerson(n.b.db, { ...PERSON }, T0);
      const issuer = await createIssuer(
        n.b.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] },
        T0,
      );
      kid = issuer.keys[0]!.kid;
      const app = await token('app');
      const res = await n.app.inject({
        method: 'POST',
        url: '/v1/credentials/personal',
        headers: bearer(app.token),
        payload: { idNumber: PERSON.idNumber, fullName: PERSON.fullName, birthDate: PERSON.birthDate },
      });
      expect(res.statusCode, res.body).toBe(201);
      qr = (res.json() as { payload: string }).payload;
      stepPastBound();
    });
    afterEach(() => stepPastBound());
    afterAll(async () => {
      setCacheStaleness(DEFAULT_CACHE_STALENESS_MS, () => performance.now());
      await n?.close();
    });

    it('a client disabled on another node is refused within the bound (and served from cache before)', async () => {
      const staff = await token('venue-staff');
      stepPastBound();
      expect((await scan(staff.token)).statusCode).toBe(200);
      // Another node: the same transaction disableClient runs there, without this process knowing.
      await n.b.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('clients')
          .set({ disabled_at: T0.getTime() })
          .where('id', '=', staff.clientId)
          .execute();
        await trx.deleteFrom('tokens').where('client_id', '=', staff.clientId).execute();
        await trx
          .updateTable('access_changes')
          .set((eb) => ({ version: eb('version', '+', 1) }))
          .execute();
      });
      // Within the bound the cached token may still answer: the cache is really in use.
      expect((await scan(staff.token)).statusCode).toBe(200);
      mono.now += BOUND;
      expect((await scan(staff.token)).statusCode).toBe(401);
    });

    it('disableClient and revokeToken on this node take effect at once', async () => {
      const one = await token('venue-staff');
      const two = await token('venue-staff');
      stepPastBound();
      expect((await scan(one.token)).statusCode).toBe(200);
      expect((await scan(two.token)).statusCode).toBe(200);
      await disableClient(n.a.db, one.clientId, n.clock.now);
      await revokeToken(n.a.db, two.token);
      expect((await scan(one.token)).statusCode).toBe(401);
      expect((await scan(two.token)).statusCode).toBe(401);
    });

    it('the same calls on another node reach this one within the bound', async () => {
      const one = await token('venue-staff');
      const two = await token('venue-staff');
      stepPastBound();
      expect((await scan(one.token)).statusCode).toBe(200);
      expect((await scan(two.token)).statusCode).toBe(200);
      await disableClient(n.b.db, one.clientId, n.clock.now);
      await revokeToken(n.b.db, two.token);
      // (In one process the other node's call also marks this one's caches: refused at once.)
      stepPastBound();
      expect((await scan(one.token)).statusCode).toBe(401);
      expect((await scan(two.token)).statusCode).toBe(401);
    });

    it('a cached token never outlives its expiry, whatever the bound', async () => {
      const staff = await token('venue-staff');
      stepPastBound();
      expect((await scan(staff.token)).statusCode).toBe(200);
      const saved = n.clock.now;
      try {
        // The request clock passes the token's expiry; the caches' clock does not move.
        n.clock.now = new Date(saved.getTime() + 900_000);
        expect((await scan(staff.token)).statusCode).toBe(401);
        n.clock.now = new Date(saved.getTime() + 899_999);
        expect((await scan(staff.token)).statusCode).toBe(200);
      } finally {
        n.clock.now = saved;
      }
    });

    it('a new rule set decides the next scan (rules are read with the person, never cached)', async () => {
      const staff = await token('venue-staff');
      const before = (await scan(staff.token)).json() as { colour: string };
      expect(before.colour).not.toBe('red');
      await addRuleVersion(
        n.b.db,
        null,
        { name: 'all red', clauses: [{ id: 'everyone', colour: 'red', when: true }], validFrom: n.clock.now },
        n.clock.now,
      );
      expect(((await scan(staff.token)).json() as { colour: string }).colour).toBe('red');
    });

    it('a key revoked on another node is refused within the bound', async () => {
      const staff = await token('venue-staff');
      stepPastBound();
      expect((await scan(staff.token)).statusCode).toBe(200);
      // Another node's revokeKey: the key row and the trust-list sequence, in one transaction.
      await n.b.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('issuer_keys')
          .set({ status: 'revoked', revoked_at: n.clock.now.getTime() })
          .where('kid', '=', kid)
          .execute();
        await trx
          .updateTable('trust_list_state')
          .set((eb) => ({ sequence: eb('sequence', '+', 1), changed_at: n.clock.now.getTime() }))
          .execute();
      });
      expect((await scan(staff.token)).statusCode).toBe(200);
      mono.now += BOUND;
      const refused = await scan(staff.token);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'SCAN_SIGNATURE_INVALID' });
      expect((await getIssuer(n.b.db, 'pc-covid'))!.keys[0]!.status).toBe('revoked');
      // And revokeKey itself on this node: at once (already revoked: the call refuses, changes nothing).
      await expect(revokeKey(n.a.db, kid, n.clock.now)).rejects.toThrow();
    });
  });
}
