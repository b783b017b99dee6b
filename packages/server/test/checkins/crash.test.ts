/**
 * Crash safety: a real server takes a stream of check-ins and is killed with SIGKILL mid-stream;
 * after a restart every check-in it acknowledged is in the store (both engines).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test-support/free-port.ts';
import { DIALECTS } from '../helpers.ts';
import { openStore } from '../../src/store/store.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { createClient } from '../../src/access/service.ts';
import { registerVenue } from '../../src/venues/service.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const PG_URL = process.env.ONEQR_TEST_PG_URL;

for (const dialect of DIALECTS) {
  describe(`${dialect}: check-in crash safety`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-crash-'));
    const pgName = `oneqr_test_${crypto.randomBytes(6).toString('hex')}`;
    let child: ChildProcess | undefined;
    let url = `sqlite:${path.join(dir, 'oneqr.sqlite')}`;

    afterAll(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
      if (dialect === 'postgres') {
        const a = new pg.Client({ connectionString: PG_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
        await a.end();
      }
    });

    it('every acknowledged check-in survives SIGKILL', { timeout: 180_000 }, async () => {
      if (dialect === 'postgres') {
        const a = new pg.Client({ connectionString: PG_URL });
        await a.connect();
        await a.query(`CREATE DATABASE ${pgName}`);
        await a.end();
        const u = new URL(PG_URL!);
        u.pathname = `/${pgName}`;
        url = u.toString();
      }
      const now = new Date();
      const store = await openStore({ url });
      await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] }, now);
      await createPerson(
        store.db,
        {
          idNumber: '001090012345',
          fullName: 'Nguyễn Văn An',
          birthDate: '1990-05-01',
          gender: 'male',
          provinceCode: '01',
        },
        now,
      );
      const { venue } = await registerVenue(
        store.db,
        null,
        { id: 'crash-venue', name: 'Quán', address: '1 Lê Lợi', provinceCode: '79' },
        { issuerId: 'pc-covid', now },
      );
      const creds = await createClient(
        store.db,
        { role: 'citizen', name: 'c', personId: '001090012345' },
        now,
      );
      await store.close();

      const port = await freePort();
      const env = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        ONEQR_SEED_DEMO: '0',
        ONEQR_RATE_LIMIT: '0',
        // Info: the "listening" line is what the test waits for before it sends anything.
        LOG_LEVEL: 'info',
        ...(dialect === 'postgres' ? { DATABASE_URL: url } : { DATABASE_URL: '', ONEQR_DATA_DIR: dir }),
      };
      child = spawn(process.execPath, [BIN, 'serve', '--workers', '1'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
      const base = `http://127.0.0.1:${port}`;
      // Listening means migrated and ready: wait for that line, not for a poll to succeed.
      await new Promise<void>((resolve, reject) => {
        let out = '';
        const onData = (d: Buffer): void => {
          out += d.toString();
          if (out.includes('"msg":"OneQR listening on')) {
            child!.stdout?.off('data', onData);
            child!.stdout?.resume(); // request logs keep flowing; never let the pipe fill
            resolve();
          }
        };
        child!.stdout?.on('data', onData);
        child!.once('exit', () => reject(new Error(`server exited before listening: ${log}`)));
      });
      const tok = await fetch(`${base}/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: creds.clientId, client_secret: creds.clientSecret }),
      }).then((r) => r.json() as Promise<{ access_token: string }>);

      const acked: string[] = [];
      let n = 0;
      let killed = false;
      const worker = async (): Promise<void> => {
        while (!killed) {
          const eventId = `crash-${n++}`;
          try {
            const res = await fetch(`${base}/v1/checkins`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tok.access_token}` },
              body: JSON.stringify({
                eventId,
                direction: 'in',
                at: new Date().toISOString(),
                venueCode: venue.qrPayload,
              }),
            });
            if (res.status === 201) acked.push(eventId);
            else if (!killed) throw new Error(`unexpected ${res.status} ${await res.text()}`);
          } catch (err) {
            if (!killed) throw err;
          }
          if (acked.length >= 300 && !killed) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }
      };
      const exited = new Promise((r) => child!.once('exit', r));
      await Promise.all(Array.from({ length: 16 }, worker));
      await exited;
      expect(child.signalCode).toBe('SIGKILL');

      // Restart: the store reopens (recovery, migrations) and holds every acknowledged event.
      const after = await openStore({ url });
      try {
        const rows = await after.db.selectFrom('checkins').select('event_id').execute();
        const present = new Set(rows.map((r) => r.event_id));
        expect(acked.length).toBeGreaterThanOrEqual(300);
        expect(acked.filter((id) => !present.has(id))).toEqual([]);
      } finally {
        await after.close();
      }
    });
  });
}
