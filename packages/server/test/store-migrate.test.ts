import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../../cli/bin/oneqr.js');

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
});
