/**
 * The README's promise: on a fresh clone, `npm start` serves /healthz within 60 s with the
 * embedded default (SQLite under ./data, migrations applied, demo seeded), `GET /` is the web
 * app, and every boot logs where the demo credentials are. SIGTERM or SIGINT sent to the npm
 * process itself (not its group) stops the server: the start script `exec`s it, so npm's
 * forwarded signal reaches the server rather than an intermediate shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/free-port.ts';

const root = path.resolve(import.meta.dirname, '..');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

interface Boot {
  child: ChildProcess;
  port: number;
  log: () => string;
  /** The server's pid, from its log lines (npm's child, or a grandchild through a shell). */
  serverPid: () => number | undefined;
}

const started: ChildProcess[] = [];

async function boot(dataDir: string): Promise<Boot> {
  const port = await freePort();
  const t0 = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), ONEQR_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so afterAll can stop whatever is left of it
  });
  started.push(child);
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  let ok = false;
  while (Date.now() - t0 < 60_000 && child.exitCode === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) {
        ok = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(ok, `server did not answer /healthz within 60 s; log:\n${log}`).toBe(true);
  const serverPid = (): number | undefined => {
    const m = /"pid":(\d+)/.exec(log);
    return m ? Number(m[1]) : undefined;
  };
  return { child, port, log: () => log, serverPid };
}

/** Sends `signal` to npm alone; resolves once npm and the server have both exited. */
async function stop(b: Boot, signal: NodeJS.Signals): Promise<void> {
  const pid = b.serverPid();
  expect(pid).toBeDefined();
  expect(pid).not.toBe(b.child.pid);
  const exited = new Promise((r) => b.child.once('exit', r));
  b.child.kill(signal);
  await exited;
  // The server finishes its shutdown after npm has gone: wait for it (bounded), never sleep blindly.
  const t0 = Date.now();
  while (alive(pid!) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
  expect(alive(pid!), `server ${pid} still running after ${signal} to npm; log:\n${b.log()}`).toBe(false);
  await expect(fetch(`http://127.0.0.1:${b.port}/healthz`)).rejects.toThrow();
  expect(b.log()).toContain(`"signal":"${signal}"`);
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-start-'));
  const credentials = path.join(dataDir, 'demo-credentials.json');
  afterAll(() => {
    for (const child of started) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /healthz within 60 s, seeds the demo, serves the web app at /, and stops on SIGTERM to npm', async () => {
    const b = await boot(dataDir);
    expect(b.log()).toContain(`:${b.port}`); // the URL is logged
    expect(fs.existsSync(path.join(dataDir, 'oneqr.sqlite'))).toBe(true);
    expect(fs.existsSync(credentials)).toBe(true);
    expect(b.log()).toContain(
      `demo seeded: its credentials (a client per role, and personas) are in ${credentials}`,
    );
    const home = await fetch(`http://127.0.0.1:${b.port}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toMatch(/<html[^>]*lang="vi"[\s\S]*<script[^>]+type="module"/);
    await stop(b, 'SIGTERM');
  }, 120_000);

  it('a restart says where the demo credentials are, and stops on SIGINT to npm', async () => {
    const b = await boot(dataDir);
    expect(b.log()).toContain(`demo seeded earlier: its credentials are in ${credentials}`);
    await stop(b, 'SIGINT');
  }, 120_000);
});
