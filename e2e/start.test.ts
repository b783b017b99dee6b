/**
 * The README's promise: on a fresh clone, `npm start` serves /healthz within 60 s with the
 * embedded default (SQLite under ./data, migrations applied, demo seeded).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe('npm start', () => {
  let child: ChildProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-start-'));
  afterAll(async () => {
    // npm does not forward SIGTERM to the server it started: stop the whole process group.
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz within 60 s and seeds the demo', async () => {
    const port = await freePort();
    const started = Date.now();
    child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), ONEQR_DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so afterAll can stop npm and the server together
    });
    let log = '';
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    let ok = false;
    while (Date.now() - started < 60_000 && child.exitCode === null) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) {
          ok = true;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(ok, `server did not answer /healthz within 60 s; log:\n${log}`).toBe(true);
    expect(log).toContain(`:${port}`); // the URL is logged
    expect(fs.existsSync(path.join(dataDir, 'oneqr.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'demo-credentials.json'))).toBe(true);
  }, 90_000);
});
