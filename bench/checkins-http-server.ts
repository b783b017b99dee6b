/**
 * The server side of the checkins benchmark, its own (pinned) process: opens the store named on
 * stdin, seeds persons, one venue, signed personal QRs, a venue-staff token bound to the venue
 * and citizen tokens, listens on loopback and prints one ready line. `GET /mark` on a control
 * server answers this process's CPU, the stored check-ins and the writer's commits, so the load
 * generator brackets exactly its measured run. Closing stdin stops everything.
 */
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import {
  buildApp,
  createClient,
  createIssuer,
  ensureDefaultRules,
  openStore,
  registerVenue,
  seedPersons,
  writerFor,
  type NewClient,
  type Store,
} from '@oneqr/server';
import {
  CHECKINS_READY,
  type CheckinMark,
  type CheckinServerInput,
  type CheckinServerReady,
} from './lib/checkins-server.ts';
import { readStdinJson } from './lib/stdin-json.ts';

const ISSUER = { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] };
const VENUE = 'bench-venue';

async function login(app: FastifyInstance, store: Store, client: NewClient, now: Date): Promise<string> {
  const creds = await createClient(store.db, client, now);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/token',
    payload: { client_id: creds.clientId, client_secret: creds.clientSecret },
  });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return (res.json() as { access_token: string }).access_token;
}

async function seed(app: FastifyInstance, store: Store, input: CheckinServerInput) {
  const now = new Date();
  const db = store.db;
  await ensureDefaultRules(db, now);
  await seedPersons(store, input.persons, undefined, now);
  await createIssuer(db, { ...ISSUER, rights: [...ISSUER.rights] } as never, now);
  const { venue } = await registerVenue(
    db,
    null,
    { id: VENUE, name: 'Chợ Bến Thành', address: 'Lê Lợi, Quận 1', provinceCode: '79' },
    { issuerId: ISSUER.id, now },
  );
  const persons = await db
    .selectFrom('registry_persons')
    .select(['id_number', 'full_name', 'birth_date'])
    .orderBy('id_number')
    .limit(Math.max(input.signed, input.citizens))
    .execute();
  const appToken = await login(
    app,
    store,
    { role: 'app', name: 'PC-Covid backend', issuerId: ISSUER.id },
    now,
  );
  const personCodes: string[] = [];
  for (const p of persons.slice(0, input.signed)) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/credentials/personal',
      headers: { authorization: `Bearer ${appToken}` },
      payload: { idNumber: p.id_number, fullName: p.full_name, birthDate: p.birth_date },
    });
    if (res.statusCode !== 201) throw new Error(`issue ${p.id_number}: ${res.statusCode} ${res.body}`);
    personCodes.push((res.json() as { payload: string }).payload);
  }
  const citizenTokens: string[] = [];
  for (const p of persons.slice(0, input.citizens))
    citizenTokens.push(
      await login(app, store, { role: 'citizen', name: 'citizen', personId: p.id_number }, now),
    );
  const staffToken = await login(app, store, { role: 'venue-staff', name: 'gate 1', venueId: VENUE }, now);
  return { venueCode: venue.qrPayload, personCodes, staffToken, citizenTokens };
}

async function mark(store: Store): Promise<CheckinMark> {
  const { user, system } = process.cpuUsage();
  const row = await store.db
    .selectFrom('checkins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { cpuSeconds: (user + system) / 1e6, checkins: Number(row.n), commits: writerFor(store.db).commits };
}

function controlServer(store: Store): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/mark') {
      res.writeHead(404).end();
      return;
    }
    mark(store).then(
      (m) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(m)),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const { input, stdinClosed } = await readStdinJson<CheckinServerInput>();
  const t0 = performance.now();
  const store = await openStore({ url: input.url });
  const app = await buildApp({
    store,
    config: {
      rateLimitPerMinute: 0,
      tokenRateLimitPerMinute: 0,
      tokenTtlSeconds: 3600,
      venueIssuerId: ISSUER.id,
      retentionIntervalMinutes: 0,
    },
    logger: false,
  });
  const seeded = await seed(app, store, input);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const control = await controlServer(store);
  const port = (s: { address(): unknown }): number => (s.address() as { port: number }).port;
  const ready: CheckinServerReady = {
    origin: `http://127.0.0.1:${port(app.server)}`,
    markUrl: `http://127.0.0.1:${port(control)}/mark`,
    seedSeconds: (performance.now() - t0) / 1000,
    ...seeded,
  };
  process.stdout.write(`${CHECKINS_READY}${JSON.stringify(ready)}\n`);
  await stdinClosed();
  await new Promise<void>((resolve) => control.close(() => resolve()));
  await app.close();
  await store.close();
}

try {
  await main();
  process.exit(0);
} catch (err) {
  process.stderr.write(
    `checkins server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}
