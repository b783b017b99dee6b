/**
 * The CLI's copy of the platform's revocation log (docs/revocations.md): a trust list fetched
 * from a URL names the log's heads; the replica is synced by delta (a snapshot per partition on
 * the first run) and kept on disk between runs, private to the user (0700 directory, 0600 file).
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  RevocationReplica,
  httpRevocationLog,
  revocationRoot,
  syncRevocationReplica,
  type RevocationSyncStep,
  type TrustListDocument,
} from '@oneqr/qr';
import { CliError } from './cli-error.ts';
import { readTextFile } from './io.ts';

const REPLICA_FORMAT = 'oneqr-revocation-replica/1';
/** A replica at 10 M revocations is ~400 MB of JSON. */
const REPLICA_MAX_BYTES = 1024 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

/** `$ONEQR_CACHE_DIR`, else the user's cache directory (XDG), + `oneqr/revocations`. */
export function defaultRevocationDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ONEQR_CACHE_DIR) return path.join(env.ONEQR_CACHE_DIR, 'revocations');
  const base =
    env.XDG_CACHE_HOME ||
    (process.platform === 'darwin'
      ? path.join(os.homedir(), 'Library', 'Caches')
      : process.platform === 'win32'
        ? (env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'))
        : path.join(os.homedir(), '.cache'));
  return path.join(base, 'oneqr', 'revocations');
}

/** The URL a `--trust` value names, or null for a path: a trust list URL, or a server's base URL. */
export function trustListUrl(value: string): URL | null {
  if (!/^https?:\/\//i.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`trust list URL "${value}" is not a valid URL`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/trust-list';
  return url;
}

/** GET `url` as text; a network fault or a non-2xx answer is one line naming the URL. */
export async function fetchText(url: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (err) {
    throw new CliError(`cannot fetch ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new CliError(`GET ${url} answered ${res.status}`);
  return res.text();
}

const fetchJson = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  return { ok: res.ok, status: res.status, json: () => res.json() as Promise<unknown> };
};

/** Where the replica of the log at `logUrl` lives in `dir`. */
export function replicaPath(dir: string, logUrl: string): string {
  return path.join(dir, `${crypto.createHash('sha256').update(logUrl).digest('hex').slice(0, 32)}.json`);
}

/**
 * Reads a saved replica. A missing file is null; a damaged one is an error naming it when the
 * user gave it (`strict`), else null (a cache starts afresh).
 */
export async function readReplica(file: string, strict: boolean): Promise<RevocationReplica | null> {
  let text: string;
  try {
    text = strict
      ? await readTextFile(file, 'revocation replica', REPLICA_MAX_BYTES)
      : await fs.readFile(file, 'utf8');
  } catch (err) {
    if (strict) throw err;
    return null;
  }
  let replica: RevocationReplica | null = null;
  try {
    const saved = JSON.parse(text) as { format?: unknown; replica?: unknown };
    if (saved.format === REPLICA_FORMAT) replica = RevocationReplica.fromJSON(saved.replica);
  } catch {
    // Not JSON: reported below like any other damage.
  }
  if (replica === null && strict)
    throw new CliError(
      `revocation replica "${file}" is not a ${REPLICA_FORMAT} file (see oneqr trust-list sync)`,
    );
  return replica;
}

/** Writes a replica atomically (a temporary file renamed over it), readable by the user only. */
export async function writeReplica(file: string, logUrl: string, replica: RevocationReplica): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const text = JSON.stringify({ format: REPLICA_FORMAT, log: logUrl, replica: replica.toJSON() });
  try {
    await fs.writeFile(tmp, text + '\n', { mode: 0o600, flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw new CliError(`cannot write revocation replica "${file}": ${(err as Error).message}`);
  }
}

export interface SyncedLog {
  replica: RevocationReplica;
  logUrl: string;
  file: string;
  steps: RevocationSyncStep[];
}

/**
 * Syncs the replica of `doc`'s log (resolved against `listUrl`) kept in `dir`, and saves it
 * only when every partition was accepted: a refused delta (forged, altered, rolled back…)
 * leaves the file as it was and fails with the code, exit 1.
 */
export async function syncLog(
  doc: TrustListDocument,
  listUrl: URL,
  rootJwk: JsonWebKey,
  dir: string,
  onPartition?: (done: number, total: number) => void,
): Promise<SyncedLog> {
  const pointer = doc.revocationLog!;
  const logUrl = new URL(pointer.url, listUrl).toString();
  const file = replicaPath(dir, logUrl);
  const root = await revocationRoot(rootJwk);
  if (root === null) throw new CliError('the root public key is not a P-256 public key');
  const held = await readReplica(file, false);
  const replica = held?.partitions === pointer.partitions ? held : new RevocationReplica(pointer.partitions);
  let r;
  try {
    r = await syncRevocationReplica(
      replica,
      pointer,
      root,
      httpRevocationLog(logUrl, fetchJson),
      onPartition,
    );
  } catch (err) {
    throw new CliError(`revocation log ${logUrl}: ${(err as Error).message}`);
  }
  if ('errors' in r) {
    const first = r.errors[0];
    const where = r.partition === undefined ? '' : ` partition ${r.partition}`;
    throw new CliError(`revocation log ${logUrl}${where} refused: ${first?.code}: ${first?.message}`, 1);
  }
  if (r.steps.length > 0 || held === null) await writeReplica(file, logUrl, replica);
  return { replica, logUrl, file, steps: r.steps };
}
