/**
 * A dose import killed (SIGKILL) midway leaves only whole batches; the rerun imports the rest,
 * and every record is there exactly once.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.ts';
import { DOSE_HEADER } from './fixtures.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const N = 60_000;

describe('sqlite: dose import after a kill', () => {
  it('completes exactly once when rerun', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-kill-'));
    const file = path.join(dir, 'doses.csv');
    const lines = [DOSE_HEADER];
    for (let i = 0; i < N; i++) lines.push(`k${i},S,,Lê Văn ${i % 997},,,,AZ,L,2021-08-01,1`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const env = { ...process.env, ONEQR_DATA_DIR: dir, DATABASE_URL: '' };
    const db = path.join(dir, 'oneqr.sqlite');
    const count = async (): Promise<number> => {
      if (!fs.existsSync(db)) return 0;
      const store = await openStore({ url: `sqlite:${db}`, migrate: false });
      try {
        const r = await store.db
          .selectFrom('dose_records')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
          .catch(() => undefined);
        return Number(r?.n ?? 0);
      } finally {
        await store.close();
      }
    };

    const child = spawn(process.execPath, [BIN, 'vaccinations', 'import', file, '--json'], { env });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Kill as soon as the first batch is committed (polled: the child gives no other signal).
    let committed = 0;
    while (committed === 0) {
      await delay(50);
      committed = await count();
    }
    child.kill('SIGKILL');
    await exited;
    committed = await count();
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(N);
    expect(committed % 5000).toBe(0); // whole batches only

    const rerun = spawn(process.execPath, [BIN, 'vaccinations', 'import', file, '--json'], { env });
    let out = '';
    rerun.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => rerun.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      rows: N,
      inserted: N - committed,
      unchanged: committed,
      rejected: 0,
    });
    expect(await count()).toBe(N);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
