/**
 * A nats-server with JetStream of a test's (or a benchmark's) own (a free port on 127.0.0.1, its own store dir),
 * so tests depend neither on the system one nor on what other runs left in it. Ready when it
 * logs that it is; restartable on the same store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.ts';

export const NATS_BIN = process.env.ONEQR_TEST_NATS_BIN ?? '/usr/sbin/nats-server';
export const HAVE_NATS = fs.existsSync(NATS_BIN);
if (!HAVE_NATS)
  console.warn(`[events] tests and bench skipped: no nats-server at ${NATS_BIN} (set ONEQR_TEST_NATS_BIN)`);

export class TestNats {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-nats-'));
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestNats> {
    const n = new TestNats(await freePort());
    await n.boot();
    return n;
  }

  /** Starts the server on its port and store; resolves once it says it is ready. */
  async boot(): Promise<void> {
    const child = spawn(NATS_BIN, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (out.includes('Server is ready')) {
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          resolve();
        }
      };
      child.stderr?.on('data', onData);
      child.stdout?.resume();
      child.once('exit', (code) => reject(new Error(`nats-server exited (${code}) before ready: ${out}`)));
    });
  }

  /** Kills the server (SIGKILL) and waits for it to be gone. */
  async kill(): Promise<void> {
    const c = this.child;
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
