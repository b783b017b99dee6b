/**
 * `oneqr serve --workers 2`: two processes answer on one port; a client disabled through one
 * worker is refused by the other within the cache staleness bound (the workers share only the
 * database); SIGTERM stops both gracefully. Both engines. No sleeps: waits with a deadline, and
 * the bound is checked on when each request started, not on how long anything took.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, DIALECTS, type TestStore } from '../helpers.ts';
import { openStore } from '../../src/store/store.ts';
import { createClient, type ClientCredentials } from '../../src/access/service.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const BOUND_MS = 1000;
const DEADLINE_MS = 120_000;

interface Answer {
  status: number;
  body: string;
}

/** One request on its own connection, so the primary hands each to the next worker. */
function request(
  origin: string,
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      new URL(url, origin),
      {
        method,
        agent: false,
        headers: {
          connection: 'close',
          ...(data === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** `pid → statuses` of /v1/scan answers, from the workers' request logs. */
function scansByPid(log: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const started = new Map<string, boolean>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line) as {
      pid: number;
      reqId?: string;
      msg: string;
      req?: { route?: string };
      res?: { statusCode: number };
    };
    const key = `${e.pid}/${e.reqId}`;
    if (e.msg === 'incoming request') started.set(key, e.req?.route === '/v1/scan');
    else if (e.msg === 'request completed' && started.get(key) === true) {
      out.set(e.pid, [...(out.get(e.pid) ?? []), e.res!.statusCode]);
    }
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: serve --workers`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-workers-'));
    let pgStore: TestStore | undefined;
    let child: ChildProcess | undefined;
    let stdout = '';
    let stderr = '';
    let origin = '';
    const clients: Partial<Record<'admin' | 'venue-staff', ClientCredentials>> = {};

    beforeAll(async () => {
      let databaseUrl = `sqlite:${path.join(dir, 'oneqr.sqlite')}`;
      if (dialect === 'postgres') {
        pgStore = await createTestStore('postgres');
        databaseUrl = pgStore.url;
      }
      // Two clients made directly in the store (no demo: seeding it twice over is slow).
      const setup = await openStore({ url: databaseUrl });
      try {
        for (const role of ['admin', 'venue-staff'] as const) {
          clients[role] = await createClient(setup.db, { role, name: `workers ${role}` }, new Date());
        }
      } finally {
        await setup.close();
      }
      child = spawn(
        process.execPath,
        [BIN, 'serve', '--workers', '2', '--port', '0', '--host', '127.0.0.1'],
        {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            ONEQR_DATA_DIR: dir,
            ONEQR_WEB_DIR: dir,
            ONEQR_SEED_DEMO: '0',
            ONEQR_CACHE_STALENESS_MS: String(BOUND_MS),
            ONEQR_RATE_LIMIT: '0',
            LOG_LEVEL: 'info',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      const started = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), DEADLINE_MS);
        child!.stderr!.setEncoding('utf8').on('data', (c: string) => {
          stderr += c;
          const m = /2 workers listening on (http:\/\/[^\s]+)/.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child!.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`serve exited ${code}: ${stderr}`));
        });
      });
      origin = await started;
    }, DEADLINE_MS + 10_000);

    afterAll(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await pgStore?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const login = async (role: 'admin' | 'venue-staff'): Promise<{ clientId: string; token: string }> => {
      const c = clients[role]!;
      const res = await request(origin, 'POST', '/v1/token', {
        client_id: c.clientId,
        client_secret: c.clientSecret,
      });
      expect(res.status, res.body).toBe(200);
      return { clientId: c.clientId, token: (JSON.parse(res.body) as { access_token: string }).access_token };
    };

    it(
      'two workers answer on one port; a client disabled via one is refused by the other within the bound; SIGTERM stops both',
      { timeout: DEADLINE_MS * 2 },
      async () => {
        const admin = await login('admin');
        const staff = await login('venue-staff');
        // An unreadable text: 422 once authorised, 401 once the token is refused.
        const scan = () => request(origin, 'POST', '/v1/scan', { text: 'not a code' }, staff.token);

        // Until both workers have answered (and cached the token).
        let until = Date.now() + DEADLINE_MS;
        while ([...scansByPid(stdout).values()].filter((s) => s.includes(422)).length < 2) {
          expect((await scan()).status).toBe(422);
          expect(Date.now() < until, `one worker only: ${stderr}`).toBe(true);
        }
        const pids = [...scansByPid(stdout).keys()];
        expect(pids).toHaveLength(2);

        const disabled = await request(
          origin,
          'DELETE',
          `/v1/admin/clients/${staff.clientId}`,
          undefined,
          admin.token,
        );
        expect(disabled.status, disabled.body).toBe(200);
        const committed = Date.now();

        // Until both workers have refused; no request started past the bound may be answered.
        const late: { startedAfterMs: number; status: number }[] = [];
        until = Date.now() + DEADLINE_MS;
        const refusedBy = () => [...scansByPid(stdout).entries()].filter(([, s]) => s.includes(401)).length;
        while (refusedBy() < 2) {
          const startedAfterMs = Date.now() - committed;
          const { status } = await scan();
          expect([401, 422]).toContain(status);
          if (status !== 401) late.push({ startedAfterMs, status });
          expect(Date.now() < until, `not refused by both: ${JSON.stringify(late)}`).toBe(true);
        }
        expect(late.filter((l) => l.startedAfterMs > BOUND_MS)).toEqual([]);

        child!.kill('SIGTERM');
        const code = await new Promise<number | null>((resolve) => {
          if (child!.exitCode !== null) resolve(child!.exitCode);
          else child!.once('exit', (c) => resolve(c));
        });
        expect(code).toBe(0);
        // Each worker logs its own shutdown (with its index); the primary logs the signal.
        const lines = stdout.split('\n').filter((l) => l.includes('"msg":"shutting down"'));
        const shutdowns = lines.filter((l) => l.includes('"worker":'));
        expect(lines.some((l) => l.includes('"signal":"SIGTERM"'))).toBe(true);
        expect(new Set(shutdowns.map((l) => (JSON.parse(l) as { pid: number }).pid))).toEqual(new Set(pids));
      },
    );
  });
}
