/**
 * The `oneqr` command end to end: each case spawns `node packages/cli/bin/oneqr.js …` in a
 * temporary directory, as a user would, with real keys and a real signed trust list.
 * Contract: exit 0 recognised and not invalid · 1 a signature or validity check failed ·
 * 2 unrecognised, malformed or bad usage; every error on stderr is exactly one line.
 * A spawn costs ~0.8 s, so independent spawns run concurrently.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../packages/cli/src/main.ts';

const repo = path.resolve(import.meta.dirname, '..');
const BIN = path.join(repo, 'packages/cli/bin/oneqr.js');
const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const IAT = 1_777_593_600; // 2026-05-01T00:00:00Z
const AT = '2026-06-01T00:00:00Z';

interface Run {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}
const runs: Run[] = [];
let dir: string;

/** Runs the CLI in the temp dir; `input` is piped to stdin (otherwise stdin is empty). */
function oneqr(args: string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const run = { args, code, stdout, stderr };
      runs.push(run);
      resolve(run);
    });
    child.stdin.end(input ?? '');
  });
}

const file = (name: string): string => path.join(dir, name);
const write = (name: string, text: string): void => fs.writeFileSync(file(name), text);
/** What `oneqr read --json` prints (and `issue --json`'s members, all optional here). */
interface Out {
  line?: number;
  kind: string;
  fields: Record<string, unknown> & { fullName?: string };
  signature: { state: string; issuer?: { id: string; name: string }; iat?: number };
  errors: { code: string }[];
  warnings: { code: string }[];
  payload: string;
  kid: string;
}
const json = (r: Run): Out => JSON.parse(r.stdout) as Out;
const codes = (list: { code: string }[]): string[] => list.map((e) => e.code);

/** An error on stderr: exactly one line, starting `oneqr: `, that contains every `words`. */
function expectOneLineError(r: Run, ...words: string[]): void {
  expect(r.stderr, `stderr of ${r.args.join(' ')}`).toMatch(/^oneqr: [^\n]+\n$/);
  for (const w of words) expect(r.stderr).toContain(w);
}

/** Every sub-command path of the program (e.g. ['trust-list', 'sign']), from the program itself. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const sub of cmd.commands) {
    if (sub.name() === 'help') continue;
    const p = [...prefix, sub.name()];
    out.push(p, ...commandPaths(sub, p));
  }
  return out;
}

async function inBatches<T, R>(items: T[], size: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(f))));
  return out;
}

let signed: string; // personal, from --fields, --iat IAT
let fromPayload: string;
let venue: string;
let foreign: string; // signed by a key that is not on the list
let rootPub: Record<string, unknown>;
let keygen: Run;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-cli-'));
  const [root, pc, other] = await Promise.all([
    oneqr(['keys', 'generate', '--out', 'root.key.json']),
    oneqr(['keys', 'generate', '--out', 'pc-covid.key.json']),
    oneqr(['keys', 'generate', '--out', 'other.key.json']),
  ]);
  for (const r of [root, pc, other]) expect(r.code, r.stderr).toBe(0);
  keygen = pc;
  write('root.pub.json', root.stdout);
  write('pc-covid.pub.json', pc.stdout);
  write('other.pub.json', other.stdout);
  rootPub = JSON.parse(root.stdout) as Record<string, unknown>;
  write(
    'issuers.json',
    JSON.stringify({
      issuers: [
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'], keys: [JSON.parse(pc.stdout)] },
      ],
    }),
  );
  write(
    'person.json',
    JSON.stringify({
      documentNumber: '001093029317',
      fullName: '  Nguyễn   Lê Khả Hân ',
      birthDate: '1987-01-18',
      qid: '162979388586171100',
      gender: 1,
      phone: '0944713700',
    }),
  );
  write(
    'venue.json',
    JSON.stringify({ venueId: 'h3K9x', name: 'Quán Phở Đức', province: '79', commune: '26734' }),
  );
  const issuing = ['--key', 'pc-covid.key.json', '--issuer', 'pc-covid'];
  const [list, p1, p2, v, f] = await Promise.all([
    oneqr([
      'trust-list',
      'sign',
      '--root',
      'root.key.json',
      '--issuers',
      'issuers.json',
      '--out',
      'trust-list.json',
    ]),
    oneqr(['issue', 'personal', ...issuing, '--fields', 'person.json', '--iat', String(IAT)]),
    oneqr(['issue', 'personal', ...issuing, '--payload', SAMPLE, '--iat', String(IAT)]),
    oneqr(['issue', 'venue', ...issuing, '--fields', 'venue.json', '--iat', String(IAT)]),
    oneqr(['issue', 'personal', '--key', 'other.key.json', '--issuer', 'other', '--payload', SAMPLE]),
  ]);
  for (const r of [list, p1, p2, v, f]) expect(r.code, `${r.args.join(' ')}: ${r.stderr}`).toBe(0);
  signed = p1.stdout.trim();
  fromPayload = p2.stdout.trim();
  venue = v.stdout.trim();
  foreign = f.stdout.trim();
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('oneqr --help', () => {
  it('every command and sub-command prints its help and exits 0', async () => {
    const paths = [[], ...commandPaths(buildProgram())];
    expect(paths.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'read',
        'keys generate',
        'issue personal',
        'issue venue',
        'trust-list sign',
        'trust-list verify',
        'render',
        'scan',
      ]),
    );
    const results = await inBatches(paths, 6, (p) => oneqr([...p, '--help']));
    for (const [i, r] of results.entries()) {
      const name = ['oneqr', ...paths[i]!].join(' ');
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain(`Usage: ${name}`);
      expect(r.stderr, name).toBe('');
    }
  }, 120_000);

  it('a missing sub-command or an unknown one is a usage error (2)', async () => {
    const [missing, unknown, badOption] = await Promise.all([
      oneqr(['keys']),
      oneqr(['bogus']),
      oneqr(['read', '--bogus', 'x']),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: oneqr keys'); // the help is the answer
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown, 'bogus');
    expect(badOption.code).toBe(2);
    expectOneLineError(badOption, '--bogus');
  });
});

describe('oneqr read', () => {
  it('the SPEC sample: 0, human and --json', async () => {
    const [human, asJson] = await Promise.all([oneqr(['read', SAMPLE]), oneqr(['read', '--json', SAMPLE])]);
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('');
    expect(human.stdout).toContain('kind:      personal-1405');
    expect(human.stdout).toContain('signature: unsigned');
    expect(human.stdout).toContain('fullName: NGUYEN LE KHA HAN');
    expect(human.stdout).toContain('warning:   CITIZEN_ID_BIRTH_YEAR_MISMATCH');
    expect(asJson.code).toBe(0);
    const r = json(asJson);
    expect(r.kind).toBe('personal-1405');
    expect(r.fields).toMatchObject({ documentNumber: '001093029317', qid: '162979388586171100', gender: 1 });
    expect(r.signature.state).toBe('unsigned');
    expect(r.errors).toEqual([]);
    expect(codes(r.warnings)).toEqual(['CITIZEN_ID_BIRTH_YEAR_MISMATCH']);
  });

  it('garbage: 2, with the code', async () => {
    const [human, asJson] = await Promise.all([
      oneqr(['read', 'hello world']),
      oneqr(['read', '--json', 'hello|world']),
    ]);
    expect(human.code).toBe(2);
    expect(human.stdout).toContain('UNRECOGNISED');
    expect(asJson.code).toBe(2);
    expect(json(asJson).kind).toBe('unknown');
    expect(codes(json(asJson).errors)).toEqual(['UNRECOGNISED']);
  });

  it('with --trust: valid 0, tampered 1, unknown key 1, and with --root-public', async () => {
    const tampered = signed.replace('NGUYEN LE', 'NGUYEN LA');
    expect(tampered).not.toBe(signed);
    const t = ['--trust', 'trust-list.json'];
    const [ok, bad, stranger, pinned, wrongRoot] = await Promise.all([
      oneqr(['read', ...t, '--at', AT, '--json', signed]),
      oneqr(['read', ...t, '--at', AT, '--json', tampered]),
      oneqr(['read', ...t, '--json', foreign]),
      oneqr(['read', ...t, '--root-public', 'root.pub.json', '--at', AT, '--json', signed]),
      oneqr(['read', ...t, '--root-public', 'other.pub.json', signed]),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok).signature).toMatchObject({
      state: 'valid',
      issuer: { id: 'pc-covid', name: 'PC-Covid' },
    });
    expect(bad.code).toBe(1);
    expect(json(bad).signature.state).toBe('invalid');
    expect(codes(json(bad).errors)).toEqual(['SIGNATURE_INVALID']);
    expect(stranger.code).toBe(1);
    expect(json(stranger).signature.state).toBe('untrusted');
    expect(codes(json(stranger).errors)).toEqual(['KEY_NOT_TRUSTED']);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(json(pinned).signature.state).toBe('valid');
    expect(wrongRoot.code).toBe(1);
    expectOneLineError(wrongRoot, 'trust-list.json', 'TRUST_LIST_ROOT_MISMATCH');
  });

  it('--at before the code could exist: a failed validity check, 1 (as the README says), not 2', async () => {
    const [before, beforeBirth, unsignedBeforeBirth] = await Promise.all([
      oneqr(['read', '--trust', 'trust-list.json', '--at', '1990-01-01', '--json', signed]),
      oneqr(['read', '--trust', 'trust-list.json', '--at', '1980-01-01T00:00:00Z', '--json', signed]),
      oneqr(['read', '--at', '1980-01-01', '--json', SAMPLE]),
    ]);
    expect([before.code, codes(json(before).errors)]).toEqual([1, ['ISSUED_IN_FUTURE']]);
    expect([beforeBirth.code, codes(json(beforeBirth).errors)]).toEqual([
      1,
      ['BIRTH_DATE_FUTURE', 'ISSUED_IN_FUTURE'],
    ]);
    expect([unsignedBeforeBirth.code, codes(json(unsignedBeforeBirth).errors)]).toEqual([
      1,
      ['BIRTH_DATE_FUTURE'],
    ]);
  });

  it('bad --at, a missing --trust file, a trust file that is not a list: 2, one line each', async () => {
    write('not-json.json', 'not json\nat all\n');
    const [at, missing, notList, badRoot] = await Promise.all([
      oneqr(['read', '--at', 'next tuesday', SAMPLE]),
      oneqr(['read', '--trust', 'no-such-list.json', SAMPLE]),
      oneqr(['read', '--trust', 'not-json.json', SAMPLE]),
      oneqr(['read', '--trust', 'trust-list.json', '--root-public', 'not-json.json', SAMPLE]),
    ]);
    expect(at.code).toBe(2);
    expectOneLineError(at, '--at', 'next tuesday');
    expect(missing.code).toBe(2);
    expectOneLineError(missing, 'no-such-list.json');
    expect(notList.code).toBe(2);
    expectOneLineError(notList, 'not-json.json');
    expect(badRoot.code).toBe(2);
    expectOneLineError(badRoot, 'not-json.json', 'not valid JSON');
  });

  it('read - takes the text from standard input (with a trailing newline)', async () => {
    const r = await oneqr(['read', '-', '--json', '--trust', 'trust-list.json', '--at', AT], `${signed}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r).signature.state).toBe('valid');
    expect(json(r).fields.fullName).toBe('NGUYEN LE KHA HAN');
  });

  it('--jsonl on worker threads answers every line as the main thread does, in input order', async () => {
    const kinds = [
      JSON.stringify({ text: signed, at: AT }),
      JSON.stringify({ text: signed.replace('NGUYEN', 'NGUYEM'), at: AT }),
      '{"text": broken',
      JSON.stringify({ text: '001093029317' }),
      JSON.stringify({ text: signed, at: '1980-01-01' }),
      JSON.stringify({ text: venue, at: AT }),
    ];
    const input = Array.from({ length: 1500 }, (_, i) => kinds[(i * 7) % kinds.length]!).join('\n') + '\n';
    const t = ['read', '--jsonl', '--trust', 'trust-list.json'];
    const [inline, workers, one] = await Promise.all([
      oneqr(t, input, { ONEQR_READ_WORKERS: '0' }),
      oneqr(t, input, { ONEQR_READ_WORKERS: '2' }),
      oneqr(t, input, { ONEQR_READ_WORKERS: '1' }),
    ]);
    expect(inline.code, inline.stderr).toBe(2);
    const lines = inline.stdout.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Out).line)).toEqual(
      Array.from({ length: 1500 }, (_, i) => i + 1),
    );
    expect(new Set(lines.map((l) => (JSON.parse(l) as Out).signature.state))).toEqual(
      new Set(['valid', 'invalid', 'unsigned']),
    );
    for (const r of [workers, one]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe(inline.stdout);
    }
  });

  it('--jsonl answers a line before its input ends (a producer may wait for each answer)', async () => {
    const child = spawn(process.execPath, [BIN, 'read', '--jsonl'], {
      cwd: dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.write(JSON.stringify({ text: '001093029317' }) + '\n');
    const [first] = (await once(child.stdout, 'data')) as [Buffer];
    expect((JSON.parse(first.toString('utf8')) as Out).kind).toBe('citizen-id');
    child.stdin.end();
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
  });

  it('--jsonl: one output line per input line, bad lines included, worst exit code', async () => {
    const input = [
      JSON.stringify({ text: '001093029317' }),
      '{"text": broken',
      JSON.stringify({ text: signed, at: AT }),
      '',
      JSON.stringify({ text: signed.replace('NGUYEN', 'NGUYEM'), at: AT }),
      JSON.stringify({ text: 'garbage' }),
      JSON.stringify({ nottext: 1 }),
    ];
    const r = await oneqr(['read', '--jsonl', '--trust', 'trust-list.json'], input.join('\n') + '\n');
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Out);
    expect(out).toHaveLength(input.length);
    expect(out.map((o) => o.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(out.map((o) => o.kind)).toEqual([
      'citizen-id',
      'unknown',
      'personal-1405',
      'unknown',
      'personal-1405',
      'unknown',
      'unknown',
    ]);
    expect(out.map((o) => o.signature.state)).toEqual([
      'unsigned',
      'unsigned',
      'valid',
      'unsigned',
      'invalid',
      'unsigned',
      'unsigned',
    ]);
    expect(out.map((o) => codes(o.errors)[0] ?? null)).toEqual([
      null,
      'JSONL_LINE',
      null,
      'JSONL_LINE',
      'SIGNATURE_INVALID',
      'UNRECOGNISED',
      'JSONL_LINE',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
  });
});

describe('oneqr keys generate', () => {
  it('writes the private JWK with mode 0600 and prints the public JWK', () => {
    const priv = JSON.parse(fs.readFileSync(file('pc-covid.key.json'), 'utf8')) as Record<string, unknown>;
    expect(fs.statSync(file('pc-covid.key.json')).mode & 0o777).toBe(0o600);
    expect(priv).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(typeof priv.d).toBe('string');
    const pub = JSON.parse(keygen.stdout) as Record<string, unknown>;
    expect(pub).toMatchObject({ kty: 'EC', crv: 'P-256', x: priv.x, y: priv.y });
    expect(pub.d).toBeUndefined();
    expect(rootPub.d).toBeUndefined();
  });

  it('refuses to overwrite an existing key file', async () => {
    const before = fs.readFileSync(file('root.key.json'), 'utf8');
    const r = await oneqr(['keys', 'generate', '--out', 'root.key.json']);
    expect(r.code).toBe(2);
    expectOneLineError(r, 'root.key.json');
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(file('root.key.json'), 'utf8')).toBe(before);
  });
});

describe('oneqr issue', () => {
  it('personal via --fields: the name is folded, --iat is honoured, the code verifies', async () => {
    expect(
      signed.startsWith('001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<<0944713700<S1.'),
    ).toBe(true);
    expect(signed.split('.')[2]).toBe(IAT.toString(36));
    const r = await oneqr(['read', '--json', '--trust', 'trust-list.json', '--at', AT, signed]);
    expect(json(r).signature).toMatchObject({ state: 'valid', iat: IAT });
  });

  it('personal via --payload keeps the payload and appends EXT[4]; --json reports kid and iat', async () => {
    expect(fromPayload.startsWith(`${SAMPLE}<S1.`)).toBe(true);
    const [asJson, check] = await Promise.all([
      oneqr([
        'issue',
        'personal',
        '--key',
        'pc-covid.key.json',
        '--issuer',
        'pc-covid',
        '--payload',
        SAMPLE,
        '--iat',
        String(IAT),
        '--json',
      ]),
      oneqr(['read', '--json', '--trust', 'trust-list.json', '--at', AT, fromPayload]),
    ]);
    expect(asJson.code, asJson.stderr).toBe(0);
    const out = json(asJson);
    expect(out).toMatchObject({ iat: IAT, issuer: 'pc-covid', kid: JSON.parse(keygen.stdout).kid });
    expect(out.payload.startsWith(`${SAMPLE}<S1.${out.kid}.${IAT.toString(36)}.`)).toBe(true);
    expect(json(check).signature.state).toBe('valid');
  });

  it('venue: signed, and valid against the list', async () => {
    expect(venue.startsWith('OQV1:h3K9x|79|26734|QUAN PHO DUC|S1.')).toBe(true);
    const r = await oneqr(['read', '--json', '--trust', 'trust-list.json', '--at', AT, venue]);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({
      kind: 'venue',
      signature: { state: 'valid', issuer: { id: 'pc-covid' } },
    });
  });

  it('bad fields, a public key as --key, both --payload and --fields: 2, one line', async () => {
    write(
      'bad-person.json',
      JSON.stringify({ documentNumber: '12', fullName: 'A', birthDate: '1987-01-18', qid: 'Q' }),
    );
    const issuing = ['issue', 'personal', '--issuer', 'pc-covid'];
    const [badFields, pubKey, both] = await Promise.all([
      oneqr([...issuing, '--key', 'pc-covid.key.json', '--fields', 'bad-person.json']),
      oneqr([...issuing, '--key', 'pc-covid.pub.json', '--payload', SAMPLE]),
      oneqr([...issuing, '--key', 'pc-covid.key.json', '--payload', SAMPLE, '--fields', 'person.json']),
    ]);
    expect(badFields.code).toBe(2);
    expectOneLineError(badFields, 'DOCUMENT_NUMBER_FORMAT');
    expect(pubKey.code).toBe(2);
    expectOneLineError(pubKey, 'pc-covid.pub.json');
    expect(both.code).toBe(2);
    expectOneLineError(both, '--payload', '--fields');
  });
});

describe('oneqr trust-list', () => {
  it('verify: 0 with the root key, 1 with another key (one line)', async () => {
    const [ok, wrong] = await Promise.all([
      oneqr(['trust-list', 'verify', '--root-public', 'root.pub.json', 'trust-list.json']),
      oneqr(['trust-list', 'verify', '--root-public', 'other.pub.json', 'trust-list.json']),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('valid trust list');
    expect(ok.stdout).toContain('pc-covid (PC-Covid) rights: personal, venue');
    expect(wrong.code).toBe(1);
    expectOneLineError(wrong, 'trust-list.json', 'NOT valid');
  });
});

describe('oneqr render and scan', () => {
  it('renders .svg and .png; scanning the png gives the text back', async () => {
    const [svg, png, gif] = await Promise.all([
      oneqr(['render', signed, '--out', 'qr.svg']),
      oneqr(['render', signed, '--out', 'qr.png']),
      oneqr(['render', signed, '--out', 'qr.gif']),
    ]);
    expect(svg.code, svg.stderr).toBe(0);
    expect(fs.readFileSync(file('qr.svg'), 'utf8')).toMatch(
      /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/,
    );
    expect(png.code, png.stderr).toBe(0);
    expect([...fs.readFileSync(file('qr.png')).subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(gif.code).toBe(2);
    expectOneLineError(gif, 'qr.gif');
    const scan = await oneqr(['scan', 'qr.png']);
    expect(scan.code, scan.stderr).toBe(0);
    expect(scan.stdout).toBe(`${signed}\n`);
  });

  it('scans a WebP (as chat apps save photos) and prints each of its two codes', async () => {
    fs.copyFileSync(
      path.join(repo, 'packages/qr/test/symbols/fixtures/two-codes-lossy.webp'),
      file('chat.webp'),
    );
    const scan = await oneqr(['scan', 'chat.webp']);
    expect(scan.code, scan.stderr).toBe(0);
    const lines = scan.stdout.trimEnd().split('\n').sort();
    expect(lines).toHaveLength(2);
    expect(lines).toContain(SAMPLE);
    expect(lines.find((l) => l !== SAMPLE)).toMatch(/^079201012345\|\|Nguyễn Văn Ánh\|/);
  });

  it('scan of a non-image or a missing file: 2, one line naming the file', async () => {
    const [notImage, missing] = await Promise.all([
      oneqr(['scan', 'issuers.json']),
      oneqr(['scan', 'no-such.png']),
    ]);
    expect(notImage.code).toBe(2);
    expectOneLineError(notImage, 'issuers.json');
    expect(missing.code).toBe(2);
    expectOneLineError(missing, 'no-such.png');
  });
});

describe('every run', () => {
  it('wrote at most one line to stderr (help screens aside)', () => {
    const checked = runs.filter(
      (r) => !r.args.includes('--help') && !(r.args.length === 1 && r.args[0] === 'keys'),
    );
    expect(checked.length).toBeGreaterThan(30);
    for (const r of checked) {
      expect(r.stderr, `stderr of oneqr ${r.args.join(' ')}`).toMatch(/^([^\n]+\n)?$/);
    }
  });
});
