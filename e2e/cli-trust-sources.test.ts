/**
 * `oneqr read --trust` with every kind of trust source, any mix, through the real command (a
 * spawned `node packages/cli/bin/oneqr.js`): an SHC key set file, an issuer directory (key sets
 * and revocation lists), an EU gateway DSC list; unreadable, ambiguous and forged files are
 * refused in one coded line (exit 2). SHC cards are made here with a fresh key; the DCC and the
 * SHC specification examples come from ../shared (skipped, visibly, when it is absent).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dccKid } from '@oneqr/qr';
import { optionalShared } from '../test-support/shared-data.ts';
import { makeShcIssuer, type MadeShcIssuer } from '../test-support/shc-issuer.ts';

const BIN = path.resolve(import.meta.dirname, '../packages/cli/bin/oneqr.js');
const ISS = 'https://issuer.example.vn/shc';
/** The SMART Health Cards examples' issuer (their cards' iss). */
const SMART_ISS = 'https://spec.smarthealth.cards/examples/issuer';
const AT = '2024-01-01T00:00:00Z';

let dir: string;
function oneqr(args: string[], input = '', env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; signature: { state: string }; errors: { code: string }[] });
const write = (name: string, value: unknown) => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
};

let issuer: MadeShcIssuer;
let good: string;
let revoked: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-trust-'));
  issuer = await makeShcIssuer();
  good = await issuer.card(ISS, 'good1');
  revoked = await issuer.card(ISS, 'gone1');
  const key = { ...issuer.jwk, crlVersion: 1 };
  write('jwks.json', { keys: [issuer.jwk] });
  write('issuer/.well-known/jwks.json', { keys: [key] });
  write(`issuer/.well-known/crl/${issuer.kid}.json`, {
    kid: issuer.kid,
    method: 'rid',
    ctr: 1,
    rids: ['gone1'],
  });
  write('forged-jwks.json', { keys: [{ ...issuer.jwk, x: issuer.jwk.y, y: issuer.jwk.x }] });
  write('private-jwks.json', { keys: [{ ...issuer.jwk, d: issuer.jwk.x }] });
  write('ambiguous.json', { keys: [], rids: [], method: 'rid' });
  write('notes.txt', 'hello');
  write('mixed-dir/jwks.json', { iss: ISS, keys: [issuer.jwk] });
  write('mixed-dir/list.json', []);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('oneqr read --trust <SHC key set | issuer directory>', () => {
  it('--jsonl --trust ISS=jwks.json verifies a card; without it the card is untrusted', async () => {
    const input = JSON.stringify({ text: good }) + '\n';
    const [trusted, bare] = await Promise.all([
      oneqr(['read', '--jsonl', '--trust', `${ISS}=jwks.json`, '--at', AT], input),
      oneqr(['read', '--jsonl', '--at', AT], input),
    ]);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(lines(trusted.stdout)).toMatchObject([{ kind: 'shc', signature: { state: 'valid' }, errors: [] }]);
    expect(lines(bare.stdout)).toMatchObject([{ kind: 'shc', signature: { state: 'untrusted' } }]);
  });

  it('a key set verifies only its own issuer’s cards: bound to another, the card is untrusted (exit 1); bound to none, refused', async () => {
    const input = JSON.stringify({ text: good }) + '\n';
    const [other, unbound] = await Promise.all([
      oneqr(['read', '--jsonl', '--trust', 'https://other.example.vn/shc=jwks.json', '--at', AT], input),
      oneqr(['read', '--jsonl', '--trust', 'jwks.json', '--at', AT], input),
    ]);
    expect(other.code, other.stderr).toBe(1);
    expect(lines(other.stdout)).toMatchObject([
      { kind: 'shc', signature: { state: 'untrusted' }, errors: [{ code: 'SHC_KEY_UNKNOWN' }] },
    ]);
    expect(unbound.code).toBe(2);
    expect(unbound.stderr.trim().split('\n')).toHaveLength(1);
    expect(unbound.stderr).toContain('TRUST_SOURCE_FIELD: SHC key set: names no issuer');
  });

  it('an issuer directory brings its revocation lists: a revoked card exits 1', async () => {
    const input = [good, revoked].map((text) => JSON.stringify({ text })).join('\n') + '\n';
    const r = await oneqr(['read', '--jsonl', '--trust', `${ISS}=issuer`, '--at', AT], input);
    expect(r.code, r.stderr).toBe(1);
    const [a, b] = lines(r.stdout);
    expect([a!.signature.state, b!.signature.state]).toEqual(['valid', 'invalid']);
    expect(b!.errors.map((e) => e.code)).toEqual(['SHC_REVOKED']);
  });

  it('refuses unreadable, ambiguous, forged and private files in one coded line (exit 2)', async () => {
    const cases: [string, string][] = [
      ['notes.txt', 'TRUST_SOURCE_UNREADABLE'],
      ['ambiguous.json', 'TRUST_SOURCE_AMBIGUOUS'],
      ['forged-jwks.json', 'TRUST_SOURCE_KID_MISMATCH'],
      ['private-jwks.json', 'TRUST_SOURCE_PRIVATE_KEY'],
      ['mixed-dir', 'TRUST_SOURCE_UNREADABLE'],
      [`issuer/.well-known/crl/${issuer.kid}.json`, 'TRUST_SOURCE_FIELD'],
    ];
    const runs = await Promise.all(cases.map(([file]) => oneqr(['read', '--trust', file, good])));
    for (const [i, [file, code]] of cases.entries()) {
      const r = runs[i]!;
      expect([file, r.code]).toEqual([file, 2]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(code);
    }
  });
});

describe('oneqr admin trust import | list (the server database)', () => {
  it('imports a key set once, lists it, and refuses a forged one in one coded line', async () => {
    const env = { ONEQR_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
    const unbound = await oneqr(['admin', 'trust', 'import', 'jwks.json'], '', env);
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toContain('TRUST_SOURCE_INVALID: TRUST_SOURCE_FIELD');
    const first = await oneqr(['admin', 'trust', 'import', 'jwks.json', '--iss', ISS, '--json'], '', env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      created: true,
      source: { kind: 'shc-jwks', name: 'jwks.json' },
    });
    const again = await oneqr(['admin', 'trust', 'import', 'jwks.json', '--iss', ISS], '', env);
    expect([again.code, again.stdout]).toEqual([
      0,
      expect.stringMatching(/^already imported: shc-jwks "jwks.json", 1 entries/),
    ]);
    const forged = await oneqr(['admin', 'trust', 'import', 'forged-jwks.json', '--iss', ISS], '', env);
    expect(forged.code).toBe(2);
    expect(forged.stderr.trim().split('\n')).toHaveLength(1);
    expect(forged.stderr).toContain('TRUST_SOURCE_INVALID: TRUST_SOURCE_KID_MISMATCH');
    const list = await oneqr(['admin', 'trust', 'list', '--json'], '', env);
    expect((JSON.parse(list.stdout) as { sources: { kind: string }[] }).sources.map((s) => s.kind)).toEqual([
      'shc-jwks',
    ]);
  });
});

const shcRoot = optionalShared('testdata/shc', 'oneqr read --trust with the SHC example issuer directory');
const dccVector = optionalShared(
  'testdata/dcc/common/2DCode/raw/CO28.json',
  'oneqr read --trust dsc-list.json with an EU test DCC',
);

describe.skipIf(!shcRoot || !dccVector)('oneqr read --trust, any mix, on the peers’ data', () => {
  it('--trust dsc-list.json --trust <SHC example issuer> reads a DCC and the SHC examples 00, 01 and 03', async () => {
    const vector = JSON.parse(fs.readFileSync(dccVector!, 'utf8')) as {
      PREFIX: string;
      TESTCTX: { CERTIFICATE: string; VALIDATIONCLOCK: string };
    };
    const der = new Uint8Array(Buffer.from(vector.TESTCTX.CERTIFICATE, 'base64'));
    write('dsc-list.json', [
      { kid: await dccKid(der), country: 'AT', certificateType: 'DSC', rawData: vector.TESTCTX.CERTIFICATE },
    ]);
    const shc = (n: string) =>
      fs.readFileSync(path.join(shcRoot!, `example-${n}-f-qr-code-numeric-value-0.txt`), 'utf8').trim();
    const input =
      [
        { text: vector.PREFIX, at: vector.TESTCTX.VALIDATIONCLOCK },
        { text: shc('00'), at: AT },
        { text: shc('01'), at: AT },
        { text: shc('03'), at: AT },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n') + '\n';
    const issuerDir = path.join(shcRoot!, 'issuer');
    const r = await oneqr(
      ['read', '--jsonl', '--trust', 'dsc-list.json', '--trust', `${SMART_ISS}=${issuerDir}`],
      input,
    );
    const [dcc, s00, s01, s03] = lines(r.stdout);
    expect([dcc!.kind, dcc!.signature.state, dcc!.errors]).toEqual(['dcc', 'valid', []]);
    expect([s00!.kind, s00!.signature.state]).toEqual(['shc', 'valid']);
    // Example 01's key carries an x5c chain, checked too.
    expect([s01!.signature.state, s01!.errors]).toEqual(['valid', []]);
    expect([s03!.signature.state, s03!.errors.map((e) => e.code)]).toEqual(['invalid', ['SHC_REVOKED']]);
    expect(r.code).toBe(1);
  });
});
