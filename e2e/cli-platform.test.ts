/**
 * The database commands of `oneqr` on the embedded default (ONEQR_DATA_DIR): generate and
 * import a registry CSV (idempotent, per-row errors with line numbers), create an API client.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = path.resolve(import.meta.dirname, '../packages/cli/bin/oneqr.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-cli-db-'));
const env = { ...process.env, ONEQR_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };

async function oneqr(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('oneqr registry and admin', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generate is deterministic; import is idempotent and reports bad rows by line', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    expect((await oneqr('registry', 'generate', '--count', '500', '--out', a)).code).toBe(0);
    expect((await oneqr('registry', 'generate', '--count', '500', '--out', b)).code).toBe(0);
    expect(fs.readFileSync(a)).toEqual(fs.readFileSync(b));
    expect(fs.readFileSync(a, 'utf8').split('\n')[0]).toBe(
      'id_number,full_name,birth_date,gender,phone,province_code,address',
    );

    const first = await oneqr('registry', 'import', a, '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rows: 500, inserted: 500, rejected: 0 });
    const again = await oneqr('registry', 'import', a, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 500, inserted: 0, updated: 0, unchanged: 500 });

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'id_number,full_name,birth_date,gender,phone,province_code,address\n' +
        '001090012345,Nguyễn Văn An,1990-05-01,male,0912345678,01,"Số 1, Hà Nội"\n' +
        '001090012346,Trần Văn Bình,1990-02-30,male,,01,\n' +
        'abc,Lê Thị C,1990-01-01,female,,01,\n',
    );
    const res = await oneqr('registry', 'import', bad, '--json');
    expect(res.code).toBe(1);
    const summary = JSON.parse(res.stdout) as {
      inserted: number;
      rejected: number;
      errors: { line: number; field: string }[];
    };
    expect(summary.inserted).toBe(1);
    expect(summary.rejected).toBe(2);
    expect(summary.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'birth_date'],
      [4, 'id_number'],
    ]);
    const missing = await oneqr('registry', 'import', path.join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('admin client create prints credentials once; bad roles are refused in one line', async () => {
    const ok = await oneqr(
      'admin',
      'client',
      'create',
      '--role',
      'health-officer',
      '--name',
      'CDC Khánh Hòa 1',
      '--json',
    );
    expect(ok.code, ok.stderr).toBe(0);
    const creds = JSON.parse(ok.stdout) as { client_id: string; client_secret: string; role: string };
    expect(creds.role).toBe('health-officer');
    expect(creds.client_secret.length).toBeGreaterThanOrEqual(40);
    // Only a hash is stored.
    expect(
      fs.readFileSync(path.join(dir, 'data', 'oneqr.sqlite')).includes(Buffer.from(creds.client_secret)),
    ).toBe(false);
    const bad = await oneqr('admin', 'client', 'create', '--role', 'king', '--name', 'x');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('ACCESS_CLIENT_ROLE_UNKNOWN');
  });
});
