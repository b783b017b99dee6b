import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OneQRError } from '../../src/errors.ts';
import { decodeImageFile, useBundledWasm } from '../../src/node/index.ts';
import { MAX_IMAGE_BYTES, decodeImage, decodePixels, renderPng } from '../../src/symbols/index.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import { makeFrame, symbolPixels } from './frames.ts';

const PERSONAL =
  '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const CCCD =
  '079201012345||Nguyễn Thị Ánh Tuyết|15062001|Nữ|12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(OneQRError);
  expect((err as OneQRError).code).toBe(code);
}

beforeAll(async () => {
  await useBundledWasm();
});

describe('symbols: decodePixels', () => {
  it('reads a rendered symbol expanded to RGBA, diacritics intact', async () => {
    const { rgba, width, height } = symbolPixels(CCCD, 4);
    expect(await decodePixels(rgba, width, height)).toEqual([CCCD]);
  });

  it('accepts a Uint8Array view at an offset', async () => {
    const { rgba, width, height } = symbolPixels(PERSONAL, 3);
    const big = new Uint8Array(rgba.length + 16);
    big.set(rgba, 16);
    expect(await decodePixels(big.subarray(16), width, height)).toEqual([PERSONAL]);
  });

  it('reads the symbol in a 640×480 frame (the benchmark frame)', async () => {
    for (const text of [PERSONAL, CCCD, `OQV1:${'x'.repeat(180)}`]) {
      const f = makeFrame(text);
      expect([f.width, f.height, f.rgba.length]).toEqual([640, 480, 640 * 480 * 4]);
      expect(await decodePixels(f.rgba, f.width, f.height)).toEqual([text]);
    }
    // Rough timing for the report; not asserted (machines differ).
    const f = makeFrame(CCCD);
    const runs = 20;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await decodePixels(f.rgba, f.width, f.height);
    console.info(`decodePixels 640×480: ${((performance.now() - t0) / runs).toFixed(1)} ms/frame`);
  });

  it('returns [] for a frame without a symbol', async () => {
    const blank = new Uint8ClampedArray(640 * 480 * 4).fill(255);
    expect(await decodePixels(blank, 640, 480)).toEqual([]);
  });

  it('rejects a buffer that does not match its dimensions with PIXELS_FORMAT', async () => {
    const { rgba, width, height } = symbolPixels('x', 2);
    await rejectsWith(decodePixels(rgba, width + 1, height), 'PIXELS_FORMAT');
    await rejectsWith(decodePixels(rgba.subarray(4), width, height), 'PIXELS_FORMAT');
    await rejectsWith(decodePixels(rgba, 0, 0), 'PIXELS_FORMAT');
    await rejectsWith(decodePixels(rgba, width / 2, height * 2 + 0.5), 'PIXELS_FORMAT');
    await rejectsWith(decodePixels([1, 2, 3, 4] as unknown as Uint8Array, 1, 1), 'PIXELS_FORMAT');
    await rejectsWith(decodePixels(new Uint8Array(4), 10_000, 10_000), 'IMAGE_TOO_LARGE');
  });
});

describe('symbols: decodeImage', () => {
  it('reads our PNG', async () => {
    expect(await decodeImage(renderPng(CCCD, { scale: 2 }))).toEqual([CCCD]);
  });

  it('refuses bytes that are no PNG, JPEG, GIF or WebP (or a truncated header) with IMAGE_FORMAT', async () => {
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
    const bmp = new TextEncoder().encode('BM' + '\0'.repeat(60));
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff);
    for (const bytes of [new Uint8Array(0), gif, bmp, garbage, renderPng('x').subarray(0, 20)]) {
      await rejectsWith(decodeImage(bytes), 'IMAGE_FORMAT');
    }
    // A JPEG that reaches its scan data without a frame header.
    await rejectsWith(decodeImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xda, 0, 2)), 'IMAGE_FORMAT');
    await rejectsWith(decodeImage('not bytes' as unknown as Uint8Array), 'IMAGE_FORMAT');
  });

  it('refuses a file over 20 MiB, or a header declaring over 40 Mpx, with IMAGE_TOO_LARGE', async () => {
    const png = renderPng('x');
    const huge = new Uint8Array(MAX_IMAGE_BYTES + 1);
    huge.set(png);
    await rejectsWith(decodeImage(huge), 'IMAGE_TOO_LARGE');

    const bomb = png.slice(); // IHDR says 100000 × 100000; refused before any inflating
    new DataView(bomb.buffer).setUint32(16, 100_000);
    new DataView(bomb.buffer).setUint32(20, 100_000);
    await rejectsWith(decodeImage(bomb), 'IMAGE_TOO_LARGE');

    // JPEG: APP0 segment, then SOF0 declaring 65535 × 65535.
    const jpeg = Uint8Array.of(
      0xff,
      0xd8,
      0xff,
      0xe0,
      0,
      4,
      0,
      0,
      0xff,
      0xc0,
      0,
      11,
      8,
      0xff,
      0xff,
      0xff,
      0xff,
      1,
      1,
      0x11,
      0,
    );
    await rejectsWith(decodeImage(jpeg), 'IMAGE_TOO_LARGE');
  });

  it('a PNG whose data is corrupt gives IMAGE_DECODE or no symbol, and the decoder still works after', async () => {
    const png = renderPng(PERSONAL).slice();
    for (let i = 41; i < png.length - 12; i++) png[i] = (i * 31) & 0xff; // trash the IDAT body
    const result = await decodeImage(png).then(
      (r) => r,
      (e: unknown) => (e instanceof OneQRError ? e.code : e),
    );
    expect([[], 'IMAGE_DECODE']).toContainEqual(result);
    expect(await decodeImage(renderPng(PERSONAL))).toEqual([PERSONAL]);
  });
});

describe('node: decodeImageFile', () => {
  it('reads a PNG file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oneqr-decode-'));
    try {
      const file = join(dir, 'cccd.png');
      await writeFile(file, renderPng(CCCD));
      expect(await decodeImageFile(file)).toEqual([CCCD]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const dccVn = optionalShared('testdata/dcc-vn', 'the real Vietnamese DCC image') ?? '';

describe.skipIf(dccVn === '')('symbols: the real Vietnamese DCC (testdata/dcc-vn)', () => {
  it('VAC_VN.png decodes to one HC1: text', async () => {
    const texts = await decodeImageFile(join(dccVn, 'VAC_VN.png'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/^HC1:[0-9A-Z $%*+\-./:]+$/); // base45 alphabet
  });
});

const dccDir = optionalShared('testdata/dcc', 'the EU DCC test-vector pictures') ?? '';

describe.skipIf(dccDir === '')('symbols: EU DCC test-vector pictures (testdata/dcc)', () => {
  const vectors = dccDir === '' ? [] : listJson(dccDir);
  const cases = vectors.flatMap((file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as {
      PREFIX?: string;
      '2DCODE'?: string;
      EXPECTEDRESULTS?: { EXPECTEDPICTUREDECODE?: boolean };
    };
    return v['2DCODE'] && v.PREFIX ? [{ file: file.slice(dccDir.length + 1), v }] : [];
  });

  it('has pictures to read', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('$file', async ({ v }) => {
    const png = Uint8Array.from(Buffer.from(v['2DCODE']!, 'base64'));
    const got = await decodeImage(png).catch((e: unknown) => e);
    if (v.EXPECTEDRESULTS?.EXPECTEDPICTUREDECODE === false) expect(got).not.toEqual([v.PREFIX]);
    else expect(got).toEqual([v.PREFIX]);
  });
});

function listJson(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}
