/**
 * The embedded demo, seeded into an EMPTY database only: a synthetic population, the three issuing
 * apps, the colour rules, health records that make colours vary, and one client per role (scanner
 * roles under each app, for the interoperability demo). One transaction: a crash leaves nothing,
 * and of two nodes booting at once only one seeds. The secrets go to `<dataDir>/demo-credentials.json`
 * (0600); callers log its path, never its content.
 * Demo venues are seeded here once the venues domain exists (it brings its own create function).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import type { Store } from '../store/store.ts';
import { createClient, listClients, type Role } from '../access/service.ts';
import { createIssuer, listIssuers, type Right } from '../issuers/service.ts';
import { seedPersons } from './persons.ts';
import { DEFAULT_SEED, PopulationGenerator } from './population.ts';
import { ensureDefaultRules } from '../health/service.ts';
import { seedPersonas, seedRandomHealth, type DemoPerson } from './demo-health.ts';
import { CREDENTIALS_FILE_NAME, writeCredentialsFile, type DemoClient } from './demo-credentials.ts';
import type { SeedTables } from './seed.table.ts';

/** Synthetic persons in the demo registry. */
export const DEMO_POPULATION = 3000;

/** The issuing apps of SPEC §4 and what each may sign. */
export const DEMO_APPS: readonly { id: string; name: string; rights: readonly Right[] }[] = [
  { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue', 'declaration'] },
  { id: 'vneid', name: 'VNeID', rights: ['personal'] },
  { id: 'health-book', name: 'Sổ sức khỏe điện tử', rights: ['personal', 'vaccine'] },
];

const SCANNER_ROLES: readonly Role[] = ['venue-staff', 'checkpoint-officer', 'health-officer'];
const MARKER = 'demo';

/** True when another seed (or real use) already put issuers or clients in the store. */
async function inUse(db: Kysely<DB>): Promise<boolean> {
  return (await listIssuers(db)).length > 0 || (await listClients(db)).length > 0;
}

async function markerPresent(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .withTables<SeedTables>()
    .selectFrom('seed_runs')
    .select('name')
    .where('name', '=', MARKER)
    .executeTakeFirst();
  return row !== undefined;
}

/** The first `count` persons of the synthetic population, exactly as seedPersons writes them. */
function demoPeople(count: number): DemoPerson[] {
  const gen = new PopulationGenerator(DEFAULT_SEED);
  return Array.from({ length: count }, () => {
    const p = gen.next();
    return {
      idNumber: p.idNumber,
      fullName: p.fullName,
      birthDate: p.birthDate,
      provinceCode: p.provinceCode || null,
    };
  });
}

async function seedClients(
  db: Kysely<DB>,
  citizenPersonId: string | undefined,
  now: Date,
): Promise<DemoClient[]> {
  const clients: DemoClient[] = [];
  const add = async (c: Omit<DemoClient, 'clientId' | 'clientSecret'>): Promise<void> => {
    const creds = await createClient(db, c, now);
    clients.push({ ...c, ...creds });
  };
  await add({ role: 'admin', name: 'Demo admin' });
  // The venue consoles: an owner of its own venues, and a province's officer over all of them.
  await add({ role: 'venue-owner', name: 'Demo venue owner' });
  await add({ role: 'provincial-officer', name: 'Demo provincial officer' });
  // A vaccination site uploads the dose records of its own site only.
  await add({ role: 'vaccination-site', name: 'Demo vaccination site', siteId: 'DEMO-SITE-01' });
  for (const app of DEMO_APPS) {
    await add({ role: 'app', name: `${app.name} (app)`, issuerId: app.id });
    for (const role of SCANNER_ROLES)
      await add({ role, name: `${app.name} ${role} (demo)`, issuerId: app.id });
  }
  if (citizenPersonId !== undefined)
    await add({ role: 'citizen', name: 'Demo citizen', personId: citizenPersonId });
  return clients;
}

/**
 * Seeds the demo when the database is empty; returns where the demo credentials were written, or
 * null when the demo is already there or the database is in use (nothing is written then).
 * `population` (default 3000) is for tests.
 */
export async function seedDemo(
  store: Store,
  opts: { dataDir: string; now: Date; population?: number },
): Promise<{ credentialsFile: string } | null> {
  const { now } = opts;
  if ((await markerPresent(store.db)) || (await inUse(store.db))) return null;
  const population = opts.population ?? DEMO_POPULATION;
  try {
    return await store.db.transaction().execute(async (trx) => {
      // The marker first: a concurrent seeder blocks here, then fails on the key and backs off.
      await trx
        .withTables<SeedTables>()
        .insertInto('seed_runs')
        .values({ name: MARKER, seeded_at: now.getTime() })
        .execute();
      await ensureDefaultRules(trx, now);
      for (const app of DEMO_APPS) await createIssuer(trx, app, now);
      await seedPersons({ ...store, db: trx }, population, DEFAULT_SEED, now);
      const people = demoPeople(population);
      const personas = await seedPersonas(trx, people, now);
      await seedRandomHealth(trx, people, new Set(personas.map((p) => p.idNumber)), now, {
        every: 6,
        seed: DEFAULT_SEED,
      });
      const clients = await seedClients(trx, personas[0]?.idNumber ?? people[0]?.idNumber, now);
      // Written before commit: if the commit fails, the next boot seeds again and overwrites it.
      const credentialsFile = await writeCredentialsFile(opts.dataDir, {
        generatedAt: now.toISOString(),
        tokenEndpoint: '/v1/token',
        note: 'Demo only. POST { client_id, client_secret } to the token endpoint for a bearer token.',
        clients,
        personas,
      });
      return { credentialsFile };
    });
  } catch (err) {
    // Another node seeded meanwhile: its marker is there now.
    if (await markerPresent(store.db)) return null;
    throw err;
  }
}

/** What a boot says about the demo, in one log line: `message` for people, the rest for tools. */
export interface DemoAtBoot {
  /** seeded: by this boot · present: by an earlier boot (or another node) · absent: not in this database. */
  demo: 'seeded' | 'present' | 'absent';
  /** The credentials file, when it is there to read. */
  credentialsFile: string | null;
  message: string;
}

const CREATE_CLIENT_HINT = 'create clients with `oneqr admin client create`';

/**
 * Seeds the demo when `seed` is on and the database is empty, and says where the demo stands,
 * so every boot (not only the first) tells where the credentials are or why there are none.
 */
export async function demoAtBoot(
  store: Store,
  opts: { seed: boolean; dataDir: string; now: Date },
): Promise<DemoAtBoot> {
  if (opts.seed) {
    const seeded = await seedDemo(store, { dataDir: opts.dataDir, now: opts.now });
    if (seeded !== null)
      return {
        demo: 'seeded',
        credentialsFile: seeded.credentialsFile,
        message: `demo seeded: its credentials (a client per role, and personas) are in ${seeded.credentialsFile}`,
      };
  }
  const file = path.join(opts.dataDir, CREDENTIALS_FILE_NAME);
  if (await markerPresent(store.db)) {
    if (existsSync(file))
      return {
        demo: 'present',
        credentialsFile: file,
        message: `demo seeded earlier: its credentials are in ${file}`,
      };
    return {
      demo: 'present',
      credentialsFile: null,
      message:
        `demo seeded earlier, but its credentials file ${file} is not there (it is written by the node ` +
        `that seeded, and the secrets cannot be shown again): ${CREATE_CLIENT_HINT}`,
    };
  }
  const why = opts.seed
    ? 'the database already holds issuers or clients (the demo goes into an empty database only)'
    : 'seeding is off (ONEQR_SEED_DEMO=0, or DATABASE_URL set without ONEQR_SEED_DEMO=1)';
  return { demo: 'absent', credentialsFile: null, message: `demo not seeded: ${why}; ${CREATE_CLIENT_HINT}` };
}
