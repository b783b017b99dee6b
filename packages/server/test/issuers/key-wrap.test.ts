/**
 * Attack: ONEQR_MASTER_KEY is set on a platform whose keys were stored before it was, and the
 * private keys stay readable in the database. They must be wrapped (at boot, and by
 * `oneqr admin keys wrap`); a plain key is refused once a master key is set; and a node holding
 * the wrong master key is not ready (503 with a code) instead of failing every signature.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, type TestApp } from '../platform/build.ts';
import { createIssuer, rootKey, signerFor, wrapPlainKeys } from '../../src/issuers/service.ts';
import { openStore } from '../../src/store/store.ts';
import { startServer } from '../../src/server.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const newMaster = () => crypto.randomBytes(32).toString('base64');

async function storedKeys(db: TestApp['store']['db']): Promise<string[]> {
  const a = await db.selectFrom('issuer_keys').select('private_jwk').execute();
  const b = await db.selectFrom('platform_keys').select('private_jwk').execute();
  return [...a, ...b].map((r) => r.private_jwk);
}

const saved = process.env.ONEQR_MASTER_KEY;
const restore = () => {
  if (saved === undefined) delete process.env.ONEQR_MASTER_KEY;
  else process.env.ONEQR_MASTER_KEY = saved;
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: a master key set after keys were stored`, () => {
    let t: TestApp;
    beforeEach(async () => {
      delete process.env.ONEQR_MASTER_KEY;
      t = await buildTestApp(dialect);
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      await rootKey(t.store.db, t.clock.now);
    });
    afterEach(async () => {
      restore();
      await t.close();
    });
    const ready = () => t.app.inject({ method: 'GET', url: '/readyz' });

    it('refuses the plain keys and is not ready until they are wrapped; then signs and is ready', async () => {
      const plain = await storedKeys(t.store.db);
      expect(plain.every((k) => k.includes('"d"'))).toBe(true);
      expect((await ready()).statusCode).toBe(200);

      process.env.ONEQR_MASTER_KEY = newMaster();
      await expect(signerFor(t.store.db, 'pc-covid', 'personal', t.clock.now)).rejects.toMatchObject({
        code: 'ISSUERS_KEY_UNREADABLE',
      });
      const notReady = await ready();
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toMatchObject({ status: 'unavailable', code: 'ISSUERS_KEY_UNREADABLE' });

      expect(await wrapPlainKeys(t.store.db)).toEqual({ wrapped: 2, alreadyWrapped: 0 });
      const wrapped = await storedKeys(t.store.db);
      expect(wrapped.every((k) => k.startsWith('enc:v1:') && !k.includes('"d"'))).toBe(true);
      expect((await signerFor(t.store.db, 'pc-covid', 'personal', t.clock.now)).privateJwk.d).toBeTypeOf(
        'string',
      );
      expect((await ready()).statusCode).toBe(200);
      expect(await wrapPlainKeys(t.store.db)).toEqual({ wrapped: 0, alreadyWrapped: 2 });
    });

    it('a node with the wrong master key is not ready (503 ISSUERS_KEY_UNREADABLE) and signs nothing', async () => {
      process.env.ONEQR_MASTER_KEY = newMaster();
      await wrapPlainKeys(t.store.db);
      expect((await ready()).statusCode).toBe(200);
      process.env.ONEQR_MASTER_KEY = newMaster();
      const res = await ready();
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'unavailable',
        code: 'ISSUERS_KEY_UNREADABLE',
        message: expect.stringContaining('cannot be unwrapped with the configured ONEQR_MASTER_KEY'),
      });
      await expect(signerFor(t.store.db, 'pc-covid', 'personal', t.clock.now)).rejects.toMatchObject({
        code: 'ISSUERS_KEY_UNREADABLE',
        statusCode: 503,
      });
      delete process.env.ONEQR_MASTER_KEY;
      expect((await ready()).json()).toMatchObject({
        code: 'ISSUERS_KEY_UNREADABLE',
        message: 'A stored private key is wrapped but ONEQR_MASTER_KEY is not set',
      });
    });
  });
}

describe('sqlite: wrapping at boot and with `oneqr admin keys wrap`', () => {
  let dir: string;
  beforeEach(() => {
    delete process.env.ONEQR_MASTER_KEY;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-wrap-'));
  });
  afterEach(() => {
    restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  /** Stores a plain key and returns its private part `d`, to look for in the raw files later. */
  const plainStore = async (): Promise<string> => {
    const store = await openStore({ dataDir: dir });
    await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, new Date());
    const row = await store.db.selectFrom('issuer_keys').select('private_jwk').executeTakeFirstOrThrow();
    await store.close();
    const d = (JSON.parse(row.private_jwk) as JsonWebKey).d;
    if (d === undefined) throw new Error('no d in the stored key');
    return d;
  };
  /** The attack: read the database file and its WAL byte by byte for the plain private key. */
  const rawFilesHold = (needle: string): string[] =>
    ['oneqr.sqlite', 'oneqr.sqlite-wal', 'oneqr.sqlite-journal'].filter((name) => {
      const file = path.join(dir, name);
      return fs.existsSync(file) && fs.readFileSync(file).includes(needle);
    });
  const keysIn = async () => {
    const store = await openStore({ dataDir: dir });
    try {
      return (await store.db.selectFrom('issuer_keys').select('private_jwk').execute()).map(
        (r) => r.private_jwk,
      );
    } finally {
      await store.close();
    }
  };

  it('the server wraps plain keys when it boots with a master key, and is ready', async () => {
    const d = await plainStore();
    expect(rawFilesHold(d)).toEqual(['oneqr.sqlite']);
    process.env.ONEQR_MASTER_KEY = newMaster();
    const server = await startServer({
      config: { dataDir: dir, databaseUrl: undefined, host: '127.0.0.1', port: 0, seedDemo: false },
      handleSignals: false,
      logger: false,
    });
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(rawFilesHold(d)).toEqual([]);
    } finally {
      await server.close();
    }
    expect(rawFilesHold(d)).toEqual([]);
    expect((await keysIn()).every((k) => k.startsWith('enc:v1:'))).toBe(true);
  });

  it('a boot with a wrong master key, or none after wrapping, logs a warning saying which', async () => {
    await plainStore();
    const boot = async (): Promise<string[]> => {
      const lines: string[] = [];
      const server = await startServer({
        config: { dataDir: dir, databaseUrl: undefined, host: '127.0.0.1', port: 0, seedDemo: false },
        handleSignals: false,
        logger: { level: 'warn', stream: { write: (line: string) => void lines.push(line) } },
      });
      await server.close();
      return lines.filter((l) => (JSON.parse(l) as { level: number }).level === 40);
    };
    const master = newMaster();
    process.env.ONEQR_MASTER_KEY = master;
    expect(await boot()).toEqual([]);
    process.env.ONEQR_MASTER_KEY = newMaster();
    const wrong = await boot();
    expect(wrong.join('')).toContain('cannot be unwrapped with the configured ONEQR_MASTER_KEY');
    expect(wrong.join('')).not.toContain(master);
    delete process.env.ONEQR_MASTER_KEY;
    expect((await boot()).join('')).toContain('wrapped but ONEQR_MASTER_KEY is not set');
  });

  it('`oneqr admin keys wrap` wraps them, and refuses to run without a master key', async () => {
    const d = await plainStore();
    const run = (env: NodeJS.ProcessEnv) =>
      promisify(execFile)(process.execPath, [BIN, 'admin', 'keys', 'wrap'], {
        cwd: dir,
        env: { PATH: process.env.PATH, ONEQR_DATA_DIR: dir, ...env },
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const refused = await run({});
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('ONEQR_MASTER_KEY');
    const ok = await run({ ONEQR_MASTER_KEY: newMaster() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('wrapped: 1');
    expect(rawFilesHold(d)).toEqual([]);
    expect((await keysIn()).every((k) => k.startsWith('enc:v1:'))).toBe(true);
  });
});
