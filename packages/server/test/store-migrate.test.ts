import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../cli/bin/oneqr.js');

/** Runs the command with the data dir and resolves with its exit code and stderr. */
function oneqr(dir: string, args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ONEQR_DATA_DIR: dir, DATABASE_URL: '' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('sqlite: migrations', () => {
  it('four processes migrating one fresh file at once all succeed, and the schema is whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-mig-'));
    const csv = path.join(dir, 'p.csv');
    fs.writeFileSync(csv, 'id_number,full_name,birth_date,gender,phone,province_code,address\n');
    // Each `registry import` opens the store, which migrates before importing (an empty file).
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<{ code: number | null; err: string }>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'registry', 'import', csv, '--json'], {
            env: { ...process.env, ONEQR_DATA_DIR: dir, DATABASE_URL: '' },
          });
          let err = '';
          child.stderr.on('data', (d: Buffer) => (err += d.toString()));
          child.on('close', (code) => resolve({ code, err }));
        }),
    );
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.err).toBe(0);
    const { openStore } = await import('../src/store/store.ts');
    const store = await openStore({ url: `sqlite:${path.join(dir, 'oneqr.sqlite')}`, migrate: false });
    const { MIGRATIONS } = await import('../src/store/migrations/index.ts');
    const done = await store.db
      .selectFrom('kysely_migration' as never)
      .select('name' as never)
      .execute();
    expect(done.map((r) => (r as { name: string }).name).sort()).toEqual(Object.keys(MIGRATIONS).sort());
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('six processes writing one file at once all succeed (each write transaction waits its turn)', async () => {
    // A deferred transaction that reads, then writes, cannot wait for another process's write
    // lock in WAL mode (SQLITE_BUSY at once): the store begins every transaction IMMEDIATE.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-writers-'));
    expect((await oneqr(dir, ['issuers', 'list', '--json'])).code).toBe(0);
    const ids = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
    const results = await Promise.all(
      ids.map((id) => oneqr(dir, ['issuers', 'create', '--id', id, '--name', id, '--rights', 'personal'])),
    );
    for (const r of results) expect(r.code, r.err).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
