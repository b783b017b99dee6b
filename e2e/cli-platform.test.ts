/**
 * The database commands of `oneqr` on the embedded default (ONEQR_DATA_DIR): generate and
 * import a registry CSV (idempotent, per-row errors with line numbers; an existing --out only
 * with --force), create an API client, manage issuers; and what the server then publishes (its
 * root key as `GET /v1/trust-list/root-key` answers it) verifies with `--root-public`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, openStore } from '@oneqr/server';
import { oneqrIn } from '../test-support/oneqr-cli.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-cli-db-'));
const dataDir = path.join(dir, 'data');
const env = { ...process.env, ONEQR_DATA_DIR: dataDir, DATABASE_URL: '' };
const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';

/** An error on stderr: exactly one line, starting `oneqr: `, that contains every `words`. */
function expectOneLineError(r: { stderr: string }, ...words: string[]): void {
  expect(r.stderr).toMatch(/^oneqr: [^\n]+\n$/);
  for (const w of words) expect(r.stderr).toContain(w);
}

const oneqr = oneqrIn(dir, env);

describe('oneqr registry and admin', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generate is deterministic; import is idempotent and reports bad rows by line', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    expect((await oneqr('registry', 'generate', '--count', '500', '--out', a)).code).toBe(0);
    expect((await oneqr('registry', 'generate', '--count', '500', '--out', b)).code).toBe(0);
    expect(fs.readFileSync(a)).toEqual(fs.readFileSync(b));
    // An existing --out is kept unless --force.
    const kept = await oneqr('registry', 'generate', '--count', '3', '--out', a);
    expect(kept.code).toBe(2);
    expectOneLineError(kept, 'a.csv', 'already exists', '--force');
    expect(fs.readFileSync(a)).toEqual(fs.readFileSync(b));
    const forced = await oneqr('registry', 'generate', '--count', '3', '--out', b, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.readFileSync(b, 'utf8').trimEnd().split('\n')).toHaveLength(4);
    fs.copyFileSync(a, b);
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
  }, 180_000);

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

  it('issuers create, list, rotate, revoke: JSON out, one-line refusals', async () => {
    const created = await oneqr(
      'issuers',
      'create',
      '--id',
      'bluezone',
      '--name',
      'Bluezone',
      '--rights',
      'personal,venue',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    const issuer = JSON.parse(created.stdout) as {
      id: string;
      rights: string[];
      keys: { kid: string; status: string }[];
    };
    expect(issuer).toMatchObject({
      id: 'bluezone',
      name: 'Bluezone',
      rights: ['personal', 'venue'],
      status: 'active',
    });
    expect(issuer.keys).toHaveLength(1);
    const first = issuer.keys[0]!.kid;

    // Commands that open the database run one at a time (as a user types them): the SQLite file
    // takes one writer, and every open applies migrations in a write transaction. Flag refusals
    // come before the database is opened, so they run alongside.
    const [badRights, badId, badOverlap] = await Promise.all([
      oneqr('issuers', 'create', '--id', 'x', '--name', 'X', '--rights', 'personal,king'),
      oneqr('issuers', 'create', '--id', '-x', '--name', 'X', '--rights', 'personal'),
      oneqr('issuers', 'rotate', 'bluezone', '--overlap-days', '366'),
    ]);
    const again = await oneqr('issuers', 'create', '--id', 'bluezone', '--name', 'B', '--rights', 'personal');
    const human = await oneqr('issuers', 'list');
    expect(again.code).toBe(2);
    expectOneLineError(again, 'ISSUERS_ALREADY_EXISTS');
    expect(badRights.code).toBe(2);
    expectOneLineError(badRights, '--rights', 'king');
    expect(badId.code).toBe(2);
    expectOneLineError(badId, 'ISSUERS_INVALID', '-x');
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('bluezone (Bluezone) active, rights: personal, venue');
    expect(human.stdout).toContain(`key ${first} active`);

    const rotated = await oneqr('issuers', 'rotate', 'bluezone', '--overlap-days', '7', '--json');
    expect(rotated.code, rotated.stderr).toBe(0);
    const { key } = JSON.parse(rotated.stdout) as { key: { kid: string } };
    expect(key.kid).not.toBe(first);
    const revoked = await oneqr('issuers', 'revoke', first, '--json');
    const issuerId = await oneqr('issuers', 'revoke', 'bluezone');
    const unknown = await oneqr('issuers', 'rotate', 'nobody');
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ kid: first, issuerId: 'bluezone', status: 'revoked' });
    const twice = await oneqr('issuers', 'revoke', first);
    expect(twice.code).toBe(2);
    expectOneLineError(twice, 'ISSUERS_KEY_ALREADY_REVOKED');
    expect(issuerId.code).toBe(2);
    expectOneLineError(issuerId, 'ISSUERS_KEY_NOT_FOUND', 'issuer id');
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown, 'ISSUERS_NOT_FOUND', 'nobody');
    expect(badOverlap.code).toBe(2);
    expectOneLineError(badOverlap, '--overlap-days', '365');

    const list = await oneqr('issuers', 'list', '--json');
    const { issuers } = JSON.parse(list.stdout) as {
      issuers: { id: string; keys: { kid: string; status: string }[] }[];
    };
    const keys = issuers.find((i) => i.id === 'bluezone')!.keys;
    expect(Object.fromEntries(keys.map((k) => [k.kid, k.status]))).toEqual({
      [first]: 'revoked',
      [key.kid]: 'active',
    });
  }, 180_000);

  it("the server's root key as GET /v1/trust-list/root-key answers it is a --root-public", async () => {
    const store = await openStore({ dataDir });
    const app = await buildApp({ store, logger: false });
    try {
      const rootKey = await app.inject({ method: 'GET', url: '/v1/trust-list/root-key' });
      const list = await app.inject({ method: 'GET', url: '/v1/trust-list' });
      expect([rootKey.statusCode, list.statusCode]).toEqual([200, 200]);
      expect(Object.keys(rootKey.json() as object).sort()).toEqual(['kid', 'publicJwk']);
      fs.writeFileSync(path.join(dir, 'root-key.json'), rootKey.body);
      fs.writeFileSync(path.join(dir, 'trust-list.jws'), list.body);
      const { kid, publicJwk } = rootKey.json() as { kid: string; publicJwk: Record<string, unknown> };
      fs.writeFileSync(path.join(dir, 'root.pub.json'), JSON.stringify(publicJwk));
      fs.writeFileSync(
        path.join(dir, 'wrong-kid.json'),
        JSON.stringify({ kid: `${kid.slice(1)}x`, publicJwk }),
      );
      fs.writeFileSync(
        path.join(dir, 'private.json'),
        JSON.stringify({ kid, publicJwk: { ...publicJwk, d: 'AAAA' } }),
      );
    } finally {
      await app.close();
      await store.close();
    }
    const [wrapped, bare, read, wrongKid, priv] = await Promise.all([
      oneqr('trust-list', 'verify', '--root-public', 'root-key.json', 'trust-list.jws', '--json'),
      oneqr('trust-list', 'verify', '--root-public', 'root.pub.json', 'trust-list.jws'),
      oneqr('read', '--trust', 'trust-list.jws', '--root-public', 'root-key.json', '--json', SAMPLE),
      oneqr('trust-list', 'verify', '--root-public', 'wrong-kid.json', 'trust-list.jws'),
      oneqr('read', '--trust', 'trust-list.jws', '--root-public', 'private.json', SAMPLE),
    ]);
    expect(wrapped.code, wrapped.stderr).toBe(0);
    const doc = JSON.parse(wrapped.stdout) as { issuers: { id: string; keys: { status: string }[] }[] };
    expect(
      doc.issuers
        .find((i) => i.id === 'bluezone')
        ?.keys.map((k) => k.status)
        .sort(),
    ).toEqual(['active', 'revoked']);
    expect(bare.code, bare.stderr).toBe(0);
    expect(read.code, read.stderr).toBe(0);
    expect((JSON.parse(read.stdout) as { signature: { state: string } }).signature.state).toBe('unsigned');
    expect(wrongKid.code).toBe(2);
    expectOneLineError(wrongKid, 'wrong-kid.json', 'kid');
    expect(priv.code).toBe(2);
    expectOneLineError(priv, 'private.json', 'private key');
  }, 180_000);
});
