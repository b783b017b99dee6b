/**
 * `oneqr read --trust <the server's URL>` sees revocations again: the list points at the
 * revocation log, and the CLI syncs it (a snapshot per partition first, deltas on later runs)
 * into a private replica cache. Against a real server in this process: issue, re-issue (which
 * revokes the first QR), seal; the old QR is refused, the new one accepted; a later revocation
 * arrives by delta; a saved replica serves a trust list file offline; an altered batch served
 * is refused with its code and the cache is left as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  buildApp,
  createClient,
  createIssuer,
  createPerson,
  issuePersonal,
  openStore,
  sealRevocationBatches,
  type Store,
} from '@oneqr/server';
import { oneqrIn } from '../test-support/oneqr-cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-cli-revocations-'));
const cache = path.join(dir, 'cache');
const env = { ...process.env, ONEQR_CACHE_DIR: path.join(dir, 'default-cache') };
const HAN = { idNumber: '001087029317', fullName: 'Nguyen Le Kha Han', birthDate: '1987-01-18' };

const oneqr = oneqrIn(dir, env);

const verdict = (r: { code: number; stdout: string; stderr: string }) => {
  if (r.stdout === '') return `exit ${r.code}: ${r.stderr}`;
  const out = JSON.parse(r.stdout) as { signature: { state: string }; errors: { code: string }[] };
  return out.errors.length > 0 ? out.errors.map((e) => e.code).join() : out.signature.state;
};

describe('oneqr and the revocation log', () => {
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  let reissue: () => Promise<string>;
  /** The first QR issued here: every later re-issue revokes it. */
  let firstQr = '';
  beforeAll(async () => {
    store = await openStore({ dataDir: path.join(dir, 'data') });
    app = await buildApp({ store, logger: false });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    const now = new Date();
    // The key exists before the QRs it signs.
    const earlier = new Date(now.getTime() - 600_000);
    await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, earlier);
    await createPerson(store.db, { ...HAN, gender: 'male' }, now);
    const c = await createClient(store.db, { role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' }, now);
    const client = { id: c.clientId, name: 'PC-Covid', role: 'app' as const, issuerId: 'pc-covid' };
    // Issued in the past, one second apart (each re-issue revokes the QRs before it).
    let k = 0;
    reissue = async () =>
      (await issuePersonal(store.db, client, HAN, new Date(now.getTime() - 120_000 + 1000 * k++))).payload;
    const rootKey = (await app.inject({ url: '/v1/trust-list/root-key' })).json() as object;
    fs.writeFileSync(path.join(dir, 'root-key.json'), JSON.stringify(rootKey));
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const read = (qr: string, ...more: string[]) =>
    oneqr(
      'read',
      '--trust',
      `${url}/v1/trust-list`,
      '--root-public',
      'root-key.json',
      '--revocations',
      cache,
      '--json',
      ...more,
      qr,
    );
  /** `trust-list sync` against the server into `into` (the shared cache by default). */
  const sync = (into = cache, ...more: string[]) =>
    oneqr('trust-list', 'sync', url, '--root-public', 'root-key.json', '--revocations', into, ...more);
  const cacheFiles = () => fs.readdirSync(cache).filter((f) => f.endsWith('.json'));

  it('a URL needs --root-public; without one the read is refused in one line', async () => {
    const r = await oneqr('read', '--trust', url, '--json', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^oneqr: [^\n]*needs --root-public[^\n]*\n$/);
  }, 180_000);

  it('refuses the re-issued QR and accepts the new one; a later revocation arrives by delta', async () => {
    const first = (firstQr = await reissue());
    const second = await reissue();
    await sealRevocationBatches(store.db, new Date());
    const [old, fresh] = [await read(first), await read(second)];
    expect(verdict(old)).toBe('CREDENTIAL_REVOKED');
    expect(old.code).toBe(1);
    expect(verdict(fresh)).toBe('valid');
    expect(fresh.code).toBe(0);
    // One private replica file per log, in a private directory.
    expect(cacheFiles()).toHaveLength(1);
    expect(fs.statSync(cache).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(cache, cacheFiles()[0]!)).mode & 0o777).toBe(0o600);

    const third = await reissue();
    await sealRevocationBatches(store.db, new Date());
    // The sync applies only the new batch to the kept replica (no snapshot).
    const synced = await sync(cache, '--json');
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({
      partitions: 16,
      synced: 1,
      snapshots: 0,
      revocations: 1,
    });
    expect(verdict(await read(second))).toBe('CREDENTIAL_REVOKED');
    expect(verdict(await read(third))).toBe('valid');
    // A scanner with an empty cache starts from the snapshots.
    const cold = await sync(path.join(dir, 'cold'), '--json');
    expect(JSON.parse(cold.stdout)).toMatchObject({ synced: 1, snapshots: 1, revocations: 1 });
  }, 180_000);

  it('a saved replica serves a trust list file offline; without one a warning says revocations go unchecked', async () => {
    const current = await reissue();
    await sealRevocationBatches(store.db, new Date());
    const help = await oneqr('trust-list', 'sync', '--help');
    expect(help.stdout).toContain('Example:');
    const synced = await sync(cache, '--out', 'replica.json', '--trust-out', 'list.jws');
    expect(synced.code, synced.stderr).toBe(0);
    expect(fs.statSync(path.join(dir, 'replica.json')).mode & 0o777).toBe(0o600);
    const offline = await oneqr(
      'read',
      '--trust',
      'list.jws',
      '--root-public',
      'root-key.json',
      '--replica',
      'replica.json',
      '--json',
      current,
    );
    expect(verdict(offline)).toBe('valid');
    const earlier = await oneqr(
      'read',
      '--trust',
      'list.jws',
      '--replica',
      'replica.json',
      '--json',
      firstQr,
    );
    expect(verdict(earlier)).toBe('CREDENTIAL_REVOKED');
    const bare = await oneqr('read', '--trust', 'list.jws', '--json', firstQr);
    expect(verdict(bare)).toBe('valid');
    expect(bare.stderr).toMatch(/^oneqr: warning: [^\n]*revoked QR codes are not refused[^\n]*\n$/);
  }, 180_000);

  it('an altered batch served is refused with its code; the cache is left as it was', async () => {
    await reissue();
    await sealRevocationBatches(store.db, new Date());
    const last = await store.db
      .selectFrom('revocation_batches')
      .select(['part', 'sequence', 'jws'])
      .orderBy('created_at', 'desc')
      .orderBy('sequence', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const [h, p, s] = last.jws.split('.');
    const altered = `${h}.${p!.slice(0, 10)}${p![10] === 'A' ? 'B' : 'A'}${p!.slice(11)}.${s}`;
    await store.db
      .updateTable('revocation_batches')
      .set({ jws: altered })
      .where('part', '=', last.part)
      .where('sequence', '=', last.sequence)
      .execute();
    const file = path.join(cache, cacheFiles()[0]!);
    const before = fs.readFileSync(file);
    const synced = await sync(cache);
    expect(synced.code).toBe(1);
    expect(synced.stderr).toMatch(/^oneqr: [^\n]*REVOCATION_BATCH_SIGNATURE_INVALID[^\n]*\n$/);
    const r = await read('x');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('REVOCATION_BATCH_SIGNATURE_INVALID');
    expect(fs.readFileSync(file)).toEqual(before);
    expect(cacheFiles()).toHaveLength(1);
  }, 180_000);
});
