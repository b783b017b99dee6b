import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBundledWasm } from '../../src/node/index.ts';
import { decodeImage, renderPng } from '../../src/symbols/index.ts';
import { samplePayloads } from './payloads.ts';
import { hasZbarimg, mapLimit, zbarWasmDecode, zbarimgDecode } from './zbar.ts';

const COUNT = 200;
const payloads = samplePayloads(COUNT);

/**
 * Fixed edge cases. Short non-ASCII texts are where charset guessing bites: without `-Sbinary`
 * zbarimg reads `é` as `矇` and `Nữ` as `N盻ｯ`.
 */
const EDGE = [
  'é',
  'Nữ',
  'Đỗ Ơ',
  '0123456789', // all digits, still byte mode
  'Chữ ký 🔏 ✓ 中文',
  'ǅ\u0301 combining and NFC ≠ NFD: Ê\u0302',
  'Ữ'.repeat(777), // 2331 UTF-8 bytes: the most a version-40 symbol holds at ECC level M
];

const zbarimg = hasZbarimg();
if (!zbarimg)
  console.warn(
    '[roundtrip] zbarimg is not installed: checking against zbar-wasm only (apt-get install zbar-tools adds it)',
  );

describe(`symbols: PNG round trip through zbar-wasm${zbarimg ? ', zbarimg' : ''} and zxing-wasm`, () => {
  let dir = '';
  beforeAll(async () => {
    await useBundledWasm();
    dir = await mkdtemp(join(tmpdir(), 'oneqr-roundtrip-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the sample mixes personal, venue and CCCD texts, some with diacritics', () => {
    expect(payloads).toHaveLength(COUNT);
    const personal = payloads.filter((p) => /^\w+\|[A-Z ]+\|\d{4}-\d\d-\d\d\|[01]\|/.test(p)).length;
    const venue = payloads.filter((p) => p.startsWith('OQV1:')).length;
    const nonAscii = payloads.filter((p) => /[^\x20-\x7e]/.test(p)).length;
    expect(personal).toBeGreaterThan(40);
    expect(venue).toBeGreaterThan(40);
    expect(nonAscii).toBeGreaterThan(40); // the CCCD texts
    expect(new Set(payloads).size).toBe(COUNT);
  });

  it(`${COUNT} random payloads and ${EDGE.length} edge cases decode byte-exact with every decoder`, async () => {
    const mismatches: string[] = [];
    const one = (who: string, i: number, got: string[], text: string): void => {
      if (got.length !== 1 || got[0] !== text) mismatches.push(`#${i} ${who}: ${show(got)} ≠ ${show(text)}`);
    };
    // Two cores: two zbarimg processes at a time; the wasm decoders run in this process meanwhile.
    await mapLimit([...payloads, ...EDGE], 2, async (text, i) => {
      const png = renderPng(text, { scale: 4 });
      const [byZbarimg, byZbarWasm, byZxing] = await Promise.all([
        zbarimg ? zbarimgDecode(png, dir, `${i}.png`) : undefined,
        zbarWasmDecode(png),
        decodeImage(png),
      ]);
      if (byZbarimg !== undefined) one('zbarimg', i, [byZbarimg], text);
      one('zbar-wasm', i, byZbarWasm, text);
      one('zxing-wasm', i, byZxing, text);
    });
    expect(mismatches).toEqual([]);
  });
});

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
