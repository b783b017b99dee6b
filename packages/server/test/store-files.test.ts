/**
 * Attack: another local user reads the embedded database (the registry, and the issuer and root
 * private keys when ONEQR_MASTER_KEY is not set). The data dir must be created 0700 and the
 * SQLite file with its WAL and shared-memory files 0600, whatever the umask; a file left 0644 by
 * an older version is tightened when opened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/store.ts';
import { createIssuer } from '../src/issuers/service.ts';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('sqlite: file permissions of the embedded store', () => {
  let tmp: string;
  let umask: number;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-perm-'));
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates the data dir 0700 and the database, WAL and SHM files 0600', async () => {
    const dataDir = path.join(tmp, 'nested', 'data');
    const store = await openStore({ dataDir });
    try {
      await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, new Date());
      expect(mode(dataDir).toString(8)).toBe('700');
      const files = fs.readdirSync(dataDir);
      expect(files).toEqual(expect.arrayContaining(['oneqr.sqlite', 'oneqr.sqlite-wal', 'oneqr.sqlite-shm']));
      for (const f of files) expect(`${f} ${mode(path.join(dataDir, f)).toString(8)}`).toBe(`${f} 600`);
    } finally {
      await store.close();
    }
  });

  it('tightens a data dir and database left readable by others', async () => {
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    const first = await openStore({ dataDir });
    await first.close();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'oneqr.sqlite'), 0o644);
    const store = await openStore({ dataDir });
    try {
      expect(mode(dataDir).toString(8)).toBe('700');
      expect(mode(path.join(dataDir, 'oneqr.sqlite')).toString(8)).toBe('600');
    } finally {
      await store.close();
    }
  });

  it('a sqlite: URL gets a 0600 file but leaves the folder it names alone', async () => {
    fs.chmodSync(tmp, 0o755);
    const file = path.join(tmp, 'custom.sqlite');
    const store = await openStore({ url: `sqlite:${file}` });
    await store.close();
    expect(mode(file).toString(8)).toBe('600');
    expect(mode(tmp).toString(8)).toBe('755');
  });
});
