import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBundledWasm } from '../../src/node/index.ts';
import { decodeImage, renderPng } from '../../src/symbols/index.ts';
import { samplePayloads } from './payloads.ts';
import { mapLimit, requireZbar, zbarDecode } from './zbar.ts';

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

describe('symbols: PNG round trip through zbarimg and zxing-wasm', () => {
  let dir = '';
  beforeAll(async () => {
    requireZbar();
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

  it(`${COUNT} random payloads and ${EDGE.length} edge cases decode byte-exact with both decoders`, async () => {
    const mismatches: string[] = [];
    // Two cores: two zbarimg processes at a time; our decoder runs in this process meanwhile.
    await mapLimit([...payloads, ...EDGE], 2, async (text, i) => {
      const png = renderPng(text, { scale: 4 });
      const [byZbar, byZxing] = await Promise.all([zbarDecode(png, dir, `${i}.png`), decodeImage(png)]);
      if (byZbar !== text) mismatches.push(`#${i} zbarimg: ${show(byZbar)} ≠ ${show(text)}`);
      if (byZxing.length !== 1 || byZxing[0] !== text)
        mismatches.push(`#${i} zxing-wasm: ${show(byZxing)} ≠ ${show(text)}`);
    });
    expect(mismatches).toEqual([]);
  });
});

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}
