/**
 * `oneqr read --trust dsc-list.json`: an EU gateway DSC list (as GET /v1/trust-list/dsc
 * answers) verifies a vaccine passport the server issued; a list whose kid is not its
 * certificate's, or a foreign list, does not. With `--trust dcc-revocations.json` (GET
 * /v1/trust-list/dcc-revocations) a passport the server revoked is refused offline (DCC_REVOKED,
 * the server scan's reason), one it did not revoke stays valid, a malformed list is refused.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenId } from '@oneqr/qr';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { recordVaccination } from '../../src/health/service.ts';

const BIN = path.resolve(import.meta.dirname, '../../../cli/bin/oneqr.js');
const PERSON = makeCitizenId('001', 1990, 'female', '345678');

function oneqr(args: string[], input: string, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('oneqr read --trust <EU gateway DSC list>', () => {
  let t: TestApp;
  let dir: string;
  let hc1: string;
  let list: { kid: string; rawData: string }[];
  let token: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-dsc-'));
    t = await buildTestApp('sqlite');
    await createPerson(
      t.store.db,
      { idNumber: PERSON, fullName: 'Nguyễn An', birthDate: '1990-05-17', gender: 'female' },
      t.clock.now,
    );
    await recordVaccination(
      t.store.db,
      { personId: PERSON, vaccineCode: 'EU/1/20/1525', doseNumber: 1, administeredOn: '2021-09-01' },
      t.clock.now,
    );
    token = (await t.login({ role: 'citizen', name: 'c', personId: PERSON })).token;
    hc1 = (
      (await t.app.inject({ method: 'POST', url: '/v1/me/passport', headers: bearer(token) })).json() as {
        hc1: string;
      }
    ).hc1;
    list = (await t.app.inject({ url: '/v1/trust-list/dsc' })).json() as typeof list;
    fs.writeFileSync(path.join(dir, 'dsc-list.json'), JSON.stringify(list));
    fs.writeFileSync(path.join(dir, 'bad-kid.json'), JSON.stringify([{ ...list[0], kid: 'AAAAAAAAAAA=' }]));
    fs.writeFileSync(path.join(dir, 'empty.json'), '[]');
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the DCC with --jsonl and with a TEXT argument', async () => {
    const at = t.clock.now.toISOString();
    const [lines, single] = await Promise.all([
      oneqr(
        ['read', '--jsonl', '--trust', 'dsc-list.json', '--at', at],
        JSON.stringify({ text: hc1 }) + '\n',
        dir,
      ),
      oneqr(['read', '--json', '--trust', 'dsc-list.json', '--at', at, hc1], '', dir),
    ]);
    expect(lines.code, lines.stderr).toBe(0);
    const out = JSON.parse(lines.stdout) as { line: number; kind: string; signature: { state: string } };
    expect(out).toMatchObject({ line: 1, kind: 'dcc', signature: { state: 'valid' } });
    expect(single.code, single.stderr).toBe(0);
    expect((JSON.parse(single.stdout) as { signature: { state: string } }).signature.state).toBe('valid');
  });

  it('refuses a list whose kid is not its certificate’s; an empty list leaves the DCC unverified', async () => {
    const at = t.clock.now.toISOString();
    const [bad, empty] = await Promise.all([
      oneqr(['read', '--trust', 'bad-kid.json', '--at', at, hc1], '', dir),
      oneqr(['read', '--json', '--trust', 'empty.json', '--at', at, hc1], '', dir),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('entry 0: kid "AAAAAAAAAAA=" is not its certificate');
    expect((JSON.parse(empty.stdout) as { signature: { state: string } }).signature.state).not.toBe('valid');
  });

  it('--trust dcc-revocations.json: the revoked passport exits 1 with DCC_REVOKED, the other stays valid', async () => {
    const at = t.clock.now.toISOString();
    const passport = async () =>
      (await t.app.inject({ method: 'POST', url: '/v1/me/passport', headers: bearer(token) })).json() as {
        hc1: string;
        uvci: string;
      };
    // The passport asked again is the same certificate (hc1's); once revoked, the next is new.
    const first = await passport();
    const admin = (await t.login({ role: 'admin', name: 'admin' })).token;
    const revoked = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/passport/revocations',
      headers: bearer(admin),
      payload: { uvci: first.uvci },
    });
    expect(revoked.statusCode, revoked.body).toBe(201);
    const fresh = await passport();
    expect(fresh.uvci).not.toBe(first.uvci);
    const batches = (await t.app.inject({ url: '/v1/trust-list/dcc-revocations' })).json() as {
      entries: { hash: string }[];
    }[];
    expect(batches.flatMap((b) => b.entries)).toHaveLength(1);
    fs.writeFileSync(path.join(dir, 'dcc-revocations.json'), JSON.stringify(batches));
    const trust = ['--trust', 'dsc-list.json', '--trust', 'dcc-revocations.json', '--at', at];
    const input = [first.hc1, fresh.hc1].map((text) => JSON.stringify({ text })).join('\n') + '\n';
    const [lines, single] = await Promise.all([
      oneqr(['read', '--jsonl', ...trust], input, dir),
      oneqr(['read', '--json', ...trust, hc1], '', dir),
    ]);
    expect(lines.code, lines.stderr).toBe(1);
    const [gone, kept] = lines.stdout
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { signature: { state: string }; errors: { code: string; field?: string }[] },
      );
    expect(gone).toMatchObject({ signature: { state: 'invalid' }, errors: [{ code: 'DCC_REVOKED' }] });
    expect(kept).toMatchObject({ signature: { state: 'valid' }, errors: [] });
    expect(single.code, single.stderr).toBe(1);
    expect((JSON.parse(single.stdout) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual([
      'DCC_REVOKED',
    ]);
  });

  it('refuses a malformed revocation list in one line naming the member (exit 2)', async () => {
    const at = t.clock.now.toISOString();
    const batch = { kid: list[0]!.kid, country: 'VN', expires: '2030-01-01T00:00:00Z', hashType: 'UCI' };
    fs.writeFileSync(
      path.join(dir, 'bad-revocations.json'),
      JSON.stringify([{ ...batch, entries: [{ hash: 'not base64!' }] }]),
    );
    const bad = await oneqr(
      ['read', '--trust', 'dsc-list.json', '--trust', 'bad-revocations.json', '--at', at, hc1],
      '',
      dir,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('TRUST_SOURCE_FIELD');
    expect(bad.stderr).toContain('entries[0].hash must be the base64 of 16 bytes');
  });
});
