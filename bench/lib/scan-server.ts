/**
 * Starts and stops the scan-http server child (`../scan-http-server.ts`): a long-lived process,
 * unlike a probe, so it is spoken to over its stdin (input, then EOF = stop) and its stdout
 * (one ready line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nodeCommand } from './on-core.ts';

/** The line prefix of the ready answer. */
export const READY_MARK = '@@scan-http-ready ';

/** What the parent writes on stdin (one JSON line). */
export interface ServerInput {
  /** `sqlite:<file>` or a PostgreSQL URL. */
  url: string;
  /** Persons to seed into the registry. */
  persons: number;
  /** How many of them get a signed personal QR. */
  signed: number;
  /** Server processes behind the one port (`oneqr serve --workers`); 1 = the app in this process. */
  workers: number;
}

/** What the ready line carries. */
export interface ServerReady {
  /** The API, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The control server's `GET /mark` URL. */
  markUrl: string;
  /** Signed 1405 payloads, one per person. */
  texts: string[];
  tokens: { 'venue-staff': string; 'health-officer': string };
  seedSeconds: number;
}

/** Cumulative figures of the server process at one instant. */
export interface ServerMark {
  wallSeconds: number;
  /** User + system CPU of the whole process (all threads); with workers, of all of them and the primary. */
  cpuSeconds: number;
  /** Event-loop figures of the one process; null with workers (several loops). */
  eluIdleMs: number | null;
  eluActiveMs: number | null;
  auditRows: number;
  /** CPU seconds of the PostgreSQL backends serving the server's database; null on SQLite or when unseen. */
  databaseCpuSeconds: number | null;
}

const SCRIPT = fileURLToPath(new URL('../scan-http-server.ts', import.meta.url));

export interface ScanServer {
  ready: ServerReady;
  /** Closes the server's stdin and waits for it to exit (killing it after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
}

/**
 * Spawns the server (pinned to `core` unless null; with `--cpu-prof` into `cpuProfDir` when
 * given), seeds it and resolves once it listens.
 */
export function startScanServer(
  core: number | string | null,
  input: ServerInput,
  cpuProfDir?: string,
): Promise<ScanServer> {
  return startServerChild<ServerReady>(SCRIPT, READY_MARK, core, input, cpuProfDir);
}

/**
 * Spawns a long-lived server child `script` (pinned to `core` unless null; with `--cpu-prof`
 * into `cpuProfDir` when given), writes `input` as one JSON line on its stdin and resolves with
 * what follows `readyMark` on its stdout. Closing its stdin stops it.
 */
export function startServerChild<R>(
  script: string,
  readyMark: string,
  core: number | string | null,
  input: unknown,
  cpuProfDir?: string,
): Promise<{ ready: R; stop(graceMs?: number): Promise<void> }> {
  const name = script.split('/').pop();
  const flags = cpuProfDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  const [cmd, args] = nodeCommand(core, [...flags, script]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = async (graceMs = 20_000): Promise<void> => {
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited(child);
    clearTimeout(timer);
    if (code !== 0) throw new Error(`${name} exited ${code}`);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      // The ready line (~100 kB with its QR texts) may arrive in several chunks.
      const start = out.indexOf(readyMark);
      const end = start < 0 ? -1 : out.indexOf('\n', start);
      if (end >= 0) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ ready: JSON.parse(out.slice(start + readyMark.length, end)) as R, stop });
      }
    });
    child.on('error', reject);
    child.once('close', (code) => reject(new Error(`${name} exited ${code} before it was ready`)));
    child.stdin.write(`${JSON.stringify(input)}\n`);
  });
}
