/**
 * Statements per scan on a warm node (issue 11): with the token and the trust store cached, a
 * scan of a signed personal QR makes one read (the registry person joined to their colour
 * inputs) and one audit insert; a checkpoint officer's adds the declaration look-up, a typed ID
 * number the look-up budget's upsert. Every statement the app issues passes through a Kysely
 * plugin on the store it was built with, which records its SQL: a second read creeping back onto
 * the hot path fails here.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { DEFAULT_CACHE_STALENESS_MS, setCacheStaleness } from '../../src/store/change-watch.ts';
import { createClient } from '../../src/access/service.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { ensureDefaultRules, recordVaccination } from '../../src/health/service.ts';
import { createTestStore, DIALECTS, type TestStore } from '../helpers.ts';
import { bearer } from '../platform/build.ts';

const T0 = new Date('2025-03-01T08:00:00.000Z');
const BOUND = 1000;
const PERSON = {
  idNumber: '056088011111',
  fullName: 'Lê Đức Thịnh',
  birthDate: '1988-02-29',
  gender: 'male',
  provinceCode: '56',
  phone: null,
  address: 'Khánh Hòa',
} as const;

/** Records the SQL of every statement run through the handle it is plugged into. */
class StatementLog implements KyselyPlugin {
  readonly sql: string[] = [];
  constructor(private readonly compile: (args: PluginTransformQueryArgs) => string) {}
  transformQuery(args: PluginTransformQueryArgs) {
    this.sql.push(this.compile(args).replace(/\s+/g, ' ').trim());
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

/** The caches' monotonic clock: still, except when a test steps it past the bound. */
const mono = { now: 0 };

for (const dialect of DIALECTS) {
  describe(`${dialect}: statements per scan on a warm node`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    let log: StatementLog;
    let qr = '';
    const tokens: Record<string, string> = {};

    const login = async (role: 'app' | 'venue-staff' | 'checkpoint-officer' | 'health-officer') => {
      const creds = await createClient(store.db, { role, name: role, issuerId: 'pc-covid' }, T0);
      const res = await app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: creds.clientId, client_secret: creds.clientSecret },
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { access_token: string }).access_token;
    };
    const scan = async (role: string, text = qr) => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/scan',
        headers: bearer(tokens[role]!),
        payload: { text },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Record<string, unknown>;
    };
    /** The statements of one scan, after a first one warmed what it reads. */
    const statementsOfWarmScan = async (role: string, text = qr) => {
      await scan(role, text);
      const from = log.sql.length;
      await scan(role, text);
      return log.sql.slice(from);
    };

    beforeAll(async () => {
      store = await createTestStore(dialect);
      const raw = store.db.getExecutor();
      log = new StatementLog(({ node, queryId }) => raw.compileQuery(node, queryId).sql);
      app = await buildApp({
        store: { ...store, db: store.db.withPlugin(log) },
        config: { rateLimitPerMinute: 0, tokenRateLimitPerMinute: 0, tokenTtlSeconds: 900 },
        clock: () => T0,
        logger: false,
      });
      setCacheStaleness(BOUND, () => mono.now);
      await ensureDefaultRules(store.db, T0);
      await createPerson(store.db, { ...PERSON }, T0);
      for (const [doseNumber, administeredOn] of [
        [1, '2021-08-01'],
        [2, '2021-10-01'],
      ] as const)
        await recordVaccination(
          store.db,
          { personId: PERSON.idNumber, vaccineCode: 'EU/1/21/1529', doseNumber, administeredOn },
          T0,
        );
      await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, T0);
      const issuing = await login('app');
      const res = await app.inject({
        method: 'POST',
        url: '/v1/credentials/personal',
        headers: bearer(issuing),
        payload: { idNumber: PERSON.idNumber, fullName: PERSON.fullName, birthDate: PERSON.birthDate },
      });
      expect(res.statusCode, res.body).toBe(201);
      qr = (res.json() as { payload: string }).payload;
      for (const role of ['venue-staff', 'checkpoint-officer', 'health-officer'] as const)
        tokens[role] = await login(role);
      // Past this process's own-change window: the caches now hold until the clock moves again.
      mono.now += BOUND + 1;
    });
    afterAll(async () => {
      setCacheStaleness(DEFAULT_CACHE_STALENESS_MS, () => performance.now());
      await app?.close();
      await store?.destroy();
    });

    const personAndHealth = (s: string) => /registry_persons/.test(s) && /vaccinations/.test(s);
    const auditInsert = (s: string) => /^insert into "audit_log"/.test(s);

    it('venue staff: one read (person joined to the colour inputs) and the audit insert', async () => {
      const sql = await statementsOfWarmScan('venue-staff');
      expect(sql.length, sql.join('\n')).toBe(2);
      expect(personAndHealth(sql[0]!), sql[0]).toBe(true);
      expect(auditInsert(sql[1]!), sql[1]).toBe(true);
    });

    it('health officer: the same two, the history coming from the same read', async () => {
      const sql = await statementsOfWarmScan('health-officer');
      expect(sql.length, sql.join('\n')).toBe(2);
      expect(personAndHealth(sql[0]!), sql[0]).toBe(true);
      expect(auditInsert(sql[1]!), sql[1]).toBe(true);
      // The one read did carry the history the answer shows.
      const body = await scan('health-officer');
      expect((body.vaccinations as unknown[]).length).toBe(2);
    });

    it('checkpoint officer: the declaration look-up is the one statement more', async () => {
      const sql = await statementsOfWarmScan('checkpoint-officer');
      expect(sql.length, sql.join('\n')).toBe(3);
      expect(sql.filter(personAndHealth).length, sql.join('\n')).toBe(1);
      expect(sql.filter((s) => /registry_persons/.test(s)).length, sql.join('\n')).toBe(1);
      expect(auditInsert(sql.at(-1)!), sql.at(-1)).toBe(true);
    });

    it('a typed ID number spends its look-up (one upsert) and reads the person once', async () => {
      const sql = await statementsOfWarmScan('checkpoint-officer', PERSON.idNumber);
      expect(sql.filter((s) => /registry_persons/.test(s)).length, sql.join('\n')).toBe(1);
      expect(sql.filter(personAndHealth).length, sql.join('\n')).toBe(1);
      expect(sql.length, sql.join('\n')).toBe(4);
    });
  });
}
