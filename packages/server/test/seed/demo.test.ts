/** The embedded demo seed: empty database only, idempotent, and every credential works. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { buildApp } from '../../src/app.ts';
import { demoAtBoot, seedDemo } from '../../src/seed/demo.ts';
import type { DemoCredentials } from '../../src/seed/demo-credentials.ts';
import { createClient, listClients } from '../../src/access/service.ts';
import { listIssuers } from '../../src/issuers/service.ts';
import { evaluateColour, listRuleSets } from '../../src/health/service.ts';
import { ROLES } from '../../src/access/roles.ts';

const NOW = new Date('2022-01-15T03:00:00.000Z');

for (const dialect of DIALECTS) {
  describe(`${dialect}: demo seed`, () => {
    let store: TestStore;
    let app: FastifyInstance;
    let dataDir: string;
    let creds: DemoCredentials;
    let file: string;

    beforeAll(async () => {
      store = await createTestStore(dialect);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-demo-'));
      const result = await seedDemo(store, { dataDir, now: NOW });
      expect(result).not.toBeNull();
      file = (result as { credentialsFile: string }).credentialsFile;
      creds = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoCredentials;
      app = await buildApp({ store, clock: () => NOW, logger: false });
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await store?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('writes the credentials to <dataDir>/demo-credentials.json, readable by the owner only', () => {
      expect(file).toBe(path.join(dataDir, 'demo-credentials.json'));
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dataDir)).toEqual(['demo-credentials.json']);
    });

    it('registers the three apps, a client for every role, and scanners under each app', async () => {
      expect((await listIssuers(store.db)).map((i) => [i.id, [...i.rights].sort()])).toEqual(
        expect.arrayContaining([
          ['pc-covid', ['declaration', 'personal', 'venue']],
          ['vneid', ['personal']],
          ['health-book', ['personal', 'vaccine']],
        ]),
      );
      expect(new Set(creds.clients.map((c) => c.role))).toEqual(new Set(ROLES));
      for (const appId of ['pc-covid', 'vneid', 'health-book']) {
        const under = creds.clients
          .filter((c) => c.issuerId === appId)
          .map((c) => c.role)
          .sort();
        expect(under).toEqual(['app', 'checkpoint-officer', 'health-officer', 'venue-staff']);
      }
      const citizen = creds.clients.find((c) => c.role === 'citizen');
      expect(citizen?.personId).toBe(creds.personas[0]?.idNumber);
      expect((await listClients(store.db)).length).toBe(creds.clients.length);
    });

    it('every credential obtains a bearer token', async () => {
      for (const c of creds.clients) {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/token',
          payload: { client_id: c.clientId, client_secret: c.clientSecret },
        });
        expect(res.statusCode, c.name).toBe(200);
        expect((res.json() as { access_token: string }).access_token.length).toBeGreaterThan(20);
      }
    });

    it('loads the colour rules and gives the personas the colours their stories tell', async () => {
      expect((await listRuleSets(store.db, NOW)).map((r) => r.id).sort()).toEqual([
        'ho-chi-minh',
        'khanh-hoa',
        'national-default',
      ]);
      expect(creds.personas.length).toBe(8);
      const colours = new Set<string>();
      for (const p of creds.personas) {
        const expected = p.story.split('→ ')[1];
        const answer = await evaluateColour(store.db, p.idNumber, p.provinceCode, NOW);
        expect(answer.colour, p.story).toBe(expected);
        colours.add(answer.colour);
      }
      expect(colours).toEqual(new Set(['green', 'yellow', 'red', 'default-green']));
    });

    it("the health officer reads the citizen persona's record over HTTP", async () => {
      const officer = creds.clients.find((c) => c.role === 'health-officer' && c.issuerId === 'health-book');
      const token = await app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: officer?.clientId, client_secret: officer?.clientSecret },
      });
      const persona = creds.personas[0];
      const res = await app.inject({
        method: 'GET',
        url: `/v1/health/persons/${persona?.idNumber}`,
        headers: { authorization: `Bearer ${(token.json() as { access_token: string }).access_token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ colour: { colour: 'green', rule: { id: 'khanh-hoa' } } });
    });

    it('seeding again does nothing (marker present)', async () => {
      const before = fs.readFileSync(file, 'utf8');
      expect(await seedDemo(store, { dataDir, now: new Date(NOW.getTime() + 1000) })).toBeNull();
      expect(fs.readFileSync(file, 'utf8')).toBe(before);
      expect((await listClients(store.db)).length).toBe(creds.clients.length);
      expect((await listIssuers(store.db)).length).toBe(3);
    });

    it('a later boot says where the credentials are, or that their file is gone', async () => {
      const later = new Date(NOW.getTime() + 2000);
      expect(await demoAtBoot(store, { seed: true, dataDir, now: later })).toMatchObject({
        demo: 'present',
        credentialsFile: file,
        message: `demo seeded earlier: its credentials are in ${file}`,
      });
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-demo-'));
      try {
        const r = await demoAtBoot(store, { seed: false, dataDir: elsewhere, now: later });
        expect(r).toMatchObject({ demo: 'present', credentialsFile: null });
        expect(r.message).toContain('is not there');
        expect(r.message).toContain('oneqr admin client create');
      } finally {
        fs.rmSync(elsewhere, { recursive: true, force: true });
      }
    });
  });

  describe(`${dialect}: demo seed refuses a database in use`, () => {
    it('returns null and writes nothing when clients already exist', async () => {
      const store = await createTestStore(dialect);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-demo-'));
      try {
        await createClient(store.db, { role: 'admin', name: 'real admin' }, NOW);
        expect(await seedDemo(store, { dataDir, now: NOW, population: 50 })).toBeNull();
        expect(fs.readdirSync(dataDir)).toEqual([]);
        // Every boot says why there is no demo.
        const inUse = await demoAtBoot(store, { seed: true, dataDir, now: NOW });
        expect(inUse).toMatchObject({ demo: 'absent', credentialsFile: null });
        expect(inUse.message).toMatch(/^demo not seeded: the database already holds issuers or clients/);
        const off = await demoAtBoot(store, { seed: false, dataDir, now: NOW });
        expect(off.message).toMatch(/^demo not seeded: seeding is off \(ONEQR_SEED_DEMO=0/);
        expect(fs.readdirSync(dataDir)).toEqual([]);
        expect(await listIssuers(store.db)).toEqual([]);
      } finally {
        await store.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
