/**
 * `oneqr events consume | status`: refused without or with a bad ONEQR_EVENTS (stable codes);
 * against a nats-server of the test's own, `consume --json` says it is consuming, `status --json`
 * shows the streams it created with nothing pending, and SIGTERM drains and exits 0.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_NATS, TestNats } from '../../../../test-support/nats-server.ts';
import { oneqrIn } from '../../../../test-support/oneqr-cli.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-cli-events-'));
const base = { ...process.env, ONEQR_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', ONEQR_EVENTS: '' };

const oneqr = (env: NodeJS.ProcessEnv, ...args: string[]) => oneqrIn(dir, env)(...args);

describe('oneqr events', () => {
  let nats: TestNats | undefined;
  afterAll(async () => {
    await nats?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('explains itself and refuses a missing or bad ONEQR_EVENTS', { timeout: 60_000 }, async () => {
    const help = await oneqr(base, 'events', 'consume', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Example:');
    const unset = await oneqr(base, 'events', 'consume', '--json');
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('ONEQR_EVENTS is not set');
    const bad = await oneqr({ ...base, ONEQR_EVENTS: 'http://127.0.0.1:4222' }, 'events', 'status');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('EVENTS_CONFIG_URL_INVALID');
  });

  it.skipIf(!HAVE_NATS)('consumes, reports status and drains on SIGTERM', { timeout: 90_000 }, async () => {
    nats = await TestNats.start();
    const env = { ...base, ONEQR_EVENTS: nats.url };
    // Before any node or writer booted, the streams do not exist: said, exit 1.
    const none = await oneqr(env, 'events', 'status', '--json');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('cannot be read');

    const child = spawn(process.execPath, [BIN, 'events', 'consume', '--json'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.resume();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (out.includes('"event":"consuming"')) resolve();
      };
      child.stdout.on('data', check);
      void exited.then((code) => reject(new Error(`consume exited (${code}) before consuming: ${out}`)));
    });

    const status = await oneqr(env, 'events', 'status', '--json');
    expect(status.code, status.stderr).toBe(0);
    const streams = (JSON.parse(status.stdout) as { streams: { stream: string; pending: number }[] }).streams;
    expect(streams.map((s) => s.stream).sort()).toEqual(['ONEQR_AUDIT', 'ONEQR_CHECKINS']);
    expect(streams.every((s) => s.pending === 0)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const last = JSON.parse(out.trim().split('\n').pop()!) as { event: string; counts: object };
    expect(last.event).toBe('stopped');
    expect(last.counts).toHaveProperty('checkins');
  });
});
