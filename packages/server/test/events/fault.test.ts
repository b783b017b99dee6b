/**
 * The fault test of the production profile (issue 11): two API nodes (`oneqr serve --workers 1`
 * with ONEQR_EVENTS), one writer (`oneqr events consume`), a JetStream and a PostgreSQL database
 * of the test's own, all on 127.0.0.1. Under a steady stream of check-ins: SIGKILL node A and
 * restart it, SIGKILL the writer and restart it, SIGKILL the NATS server and restart it on the
 * same store. Then every acknowledged event is in PostgreSQL exactly once.
 *
 * About 40 s on a quiet 2-core machine; the bounds are wide because each restart boots the CLI
 * (tsx) while the load runs, which takes far longer when the machine is shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { openStore } from '../../src/store/store.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { createClient } from '../../src/access/service.ts';
import { registerVenue } from '../../src/venues/service.ts';
import { streamStatus } from '../../src/events/index.ts';
import { HAVE_NATS, TestNats } from '../../../../test-support/nats-server.ts';
import { freePort } from '../../../../test-support/free-port.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const PG_URL = process.env.ONEQR_TEST_PG_URL;
if (!PG_URL) console.warn('[events fault test] skipped: ONEQR_TEST_PG_URL is not set');

/** Waits until `check` holds, polling, or fails after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A child process that is ready once a line of its stdout contains `ready`. */
async function start(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes(ready)) {
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // later lines keep flowing; never let the pipe fill
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(
        new Error(`${args.join(' ')} exited (${code ?? signal}) before ready: ${out.slice(-2000)} ${err}`),
      ),
    );
  });
  return child;
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

describe.skipIf(!HAVE_NATS || !PG_URL)('events: fault test (API nodes, writer and NATS killed)', () => {
  const pgName = `oneqr_test_${crypto.randomBytes(6).toString('hex')}`;
  const children = new Set<ChildProcess>();
  let nats: TestNats | undefined;

  afterAll(async () => {
    for (const c of children) await kill(c);
    await nats?.stop();
    const a = new pg.Client({ connectionString: PG_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await a.end();
  });

  it('every acknowledged check-in is in PostgreSQL exactly once', { timeout: 300_000 }, async () => {
    const began = Date.now();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${pgName}`);
    await admin.end();
    const u = new URL(PG_URL!);
    u.pathname = `/${pgName}`;
    const url = u.toString();

    const now = new Date();
    const store = await openStore({ url });
    await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] }, now);
    const { venue } = await registerVenue(
      store.db,
      null,
      { id: 'fault-venue', name: 'Quán', address: '1 Lê Lợi', provinceCode: '79' },
      { issuerId: 'pc-covid', now },
    );
    // Four persons: their events spread over several subjects (the shard is the person's).
    const creds: { clientId: string; clientSecret: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const idNumber = `00109001234${i}`;
      await createPerson(
        store.db,
        {
          idNumber,
          fullName: `Nguyễn Văn ${'ABCD'[i]}`,
          birthDate: '1990-05-01',
          gender: 'male',
          provinceCode: '01',
        },
        now,
      );
      creds.push(await createClient(store.db, { role: 'citizen', name: `c${i}`, personId: idNumber }, now));
    }

    nats = await TestNats.start();
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (port: number): NodeJS.ProcessEnv => ({
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      ONEQR_SEED_DEMO: '0',
      ONEQR_RATE_LIMIT: '0',
      ONEQR_RETENTION_INTERVAL: '0',
      LOG_LEVEL: 'info',
      // The web app as built at install: no source check at each boot.
      ONEQR_WEB_DIR: path.resolve(import.meta.dirname, '../../../web/dist'),
      ONEQR_EVENTS: nats!.url,
      ONEQR_EVENTS_SHARDS: '4',
      // A publish while NATS is down is refused within this, so the load loop moves on.
      ONEQR_EVENTS_PUBLISH_TIMEOUT: '2s',
    });
    const LISTENING = '"msg":"OneQR listening on';
    const CONSUMING = '"event":"consuming"';
    const track = (c: ChildProcess) => (children.add(c), c);
    const serve = (port: number) => start(['serve', '--workers', '1'], env(port), LISTENING).then(track);
    const consume = () =>
      start(['events', 'consume', '--json', '--interval', '1'], env(0), CONSUMING).then(track);
    // Booted side by side: each compiles the CLI on a contended machine.
    let [nodeA, , writer] = await Promise.all([serve(portA), serve(portB), consume()]);

    const tokens = await Promise.all(
      creds.map((c) =>
        fetch(`http://127.0.0.1:${portA}/v1/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ client_id: c.clientId, client_secret: c.clientSecret }),
        })
          .then((r) => r.json() as Promise<{ access_token: string }>)
          .then((t) => t.access_token),
      ),
    );

    // The load: unique event ids, alternately to A and B; acknowledged = a 2xx answer.
    const acked: string[] = [];
    const ackedIn = new Map<string, number>();
    const refused = new Map<number, number>();
    let phase = 'warm-up';
    let sent = 0;
    let stop = false;
    // Paced (at most one request per worker per PACE_MS), so the restarting processes get the CPU.
    const PACE_MS = 10;
    const worker = async (w: number): Promise<void> => {
      while (!stop && Date.now() - began < 270_000) {
        const slot = new Promise((r) => setTimeout(r, PACE_MS));
        const n = sent++;
        const eventId = `fault-${w}-${n}`;
        const port = n % 2 === 0 ? portA : portB;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/v1/checkins`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[n % 4]}` },
            body: JSON.stringify({
              eventId,
              direction: 'in',
              at: new Date().toISOString(),
              venueCode: venue.qrPayload,
            }),
          });
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) {
            acked.push(eventId);
            ackedIn.set(phase, (ackedIn.get(phase) ?? 0) + 1);
          } else refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
        } catch {
          // A killed node: connection refused or reset; the event was not acknowledged.
        }
        await slot;
      }
    };
    const load = Promise.all(Array.from({ length: 4 }, (_, w) => worker(w)));
    const more = async (k: number) => {
      const from = acked.length;
      await until(`${k} more acknowledged check-ins (${phase})`, () => acked.length >= from + k);
    };
    const enter = async (name: string, action: () => Promise<void>) => {
      phase = name;
      const t0 = Date.now();
      await action();
      const t1 = Date.now();
      await more(100);
      if (process.env.DEBUG_EVENTS)
        console.log(
          name,
          t1 - t0,
          Date.now() - t1,
          acked.length,
          JSON.stringify(Object.fromEntries(refused)),
        );
    };

    try {
      await more(100);
      await enter('node A killed', () => kill(nodeA));
      await enter('node A restarted', async () => void (nodeA = await serve(portA)));
      await enter('writer killed', () => kill(writer));
      await enter('writer restarted', async () => void (writer = await consume()));
      await enter('NATS killed and restarted', async () => {
        await nats!.kill();
        await nats!.boot();
      });
    } finally {
      stop = true;
      await load;
    }
    for (const p of [
      'warm-up',
      'node A killed',
      'node A restarted',
      'writer killed',
      'writer restarted',
      'NATS killed and restarted',
    ])
      expect(ackedIn.get(p) ?? 0, `acknowledged in phase "${p}"`).toBeGreaterThan(0);

    // Drained: nothing left to deliver, nothing delivered and not yet acknowledged (ack after commit).
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      await until(
        'the writer to drain the stream',
        async () => (await streamStatus(jsm)).every((s) => s.pending === 0 && s.ackPending === 0),
        30_000,
      );
    } finally {
      await nc.close();
    }

    const rows = await store.db
      .selectFrom('checkins')
      .select('event_id')
      .where('event_id', 'like', 'fault-%')
      .execute();
    await store.close();
    const count = new Map<string, number>();
    for (const r of rows) count.set(r.event_id, (count.get(r.event_id) ?? 0) + 1);
    expect(
      [...count].filter(([, n]) => n > 1),
      'event ids stored more than once',
    ).toEqual([]);
    expect(
      acked.filter((id) => !count.has(id)),
      'acknowledged but not stored',
    ).toEqual([]);
    expect(new Set(acked).size).toBe(acked.length);
    console.log(
      `[events fault test] ${acked.length} acknowledged (${JSON.stringify(Object.fromEntries(ackedIn))}), ` +
        `refused ${JSON.stringify(Object.fromEntries(refused))}, ${rows.length} rows, ${Date.now() - began} ms`,
    );
  });
});
