/**
 * `oneqr read --trust dsc-list.json`: an EU gateway DSC list (as GET /v1/trust-list/dsc
 * answers) verifies a vaccine passport the server issued; a list whose kid is not its
 * certificate's, or a foreign list, does not.
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
    const token = (await t.login({ role: 'citizen', name: 'c', personId: PERSON })).token;
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
});
