/**
 * The images people actually have (issue 10): PNG and JPEG as before, GIF (decoded by zxing's own
 * reader), and WebP — what chat apps and browsers save — decoded to pixels by libwebp in Node.
 * The WebP fixtures were drawn and encoded by Chromium (lossless and lossy), two codes in each.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OneQRError } from '../../src/errors.ts';
import { decodeImageBytes, decodeImageFile, useBundledWasm } from '../../src/node/index.ts';
import { MAX_PIXELS, QUIET_ZONE, decodeImage, qrMatrix } from '../../src/symbols/index.ts';
import { readImageHeader } from '../../src/symbols/image-header.ts';
import { encodeGif } from './gif.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const CCCD =
  '079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';
const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

function qrGif(text: string, scale = 4): Uint8Array {
  const { size, modules } = qrMatrix(text);
  const n = size + 2 * QUIET_ZONE;
  return encodeGif(n * scale, n * scale, (x, y) => {
    const c = Math.floor(x / scale) - QUIET_ZONE;
    const r = Math.floor(y / scale) - QUIET_ZONE;
    return c >= 0 && r >= 0 && c < size && r < size && Boolean(modules[r * size + c]);
  });
}

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof OneQRError ? e.code : String(e)),
  );
}

beforeAll(async () => {
  await useBundledWasm();
});

describe('symbols: GIF and WebP', () => {
  it('a GIF decodes, diacritics intact', async () => {
    const gif = qrGif(CCCD);
    expect(readImageHeader(gif)).toMatchObject({ kind: 'gif' });
    expect(await decodeImage(gif)).toEqual([CCCD]);
  });

  it('a WebP (lossless and lossy, as Chromium saves them) gives both of its codes, in Node', async () => {
    for (const name of ['two-codes-lossless.webp', 'two-codes-lossy.webp']) {
      const webp = fixture(name);
      expect(readImageHeader(webp), name).toMatchObject({ kind: 'webp', width: 468, height: 252 });
      expect((await decodeImageBytes(webp)).sort(), name).toEqual([CCCD, SAMPLE].sort());
    }
  });

  it('decodeImage (isomorphic) names the way to read a WebP instead of guessing', async () => {
    const err = await decodeImage(fixture('two-codes-lossy.webp')).catch((e: unknown) => e as OneQRError);
    expect(err).toMatchObject({ code: 'IMAGE_FORMAT', message: expect.stringContaining('decodePixels') });
  });

  it('reads the three WebP header layouts (VP8, VP8L, VP8X) and refuses a huge declared canvas before decoding', async () => {
    const riff = (chunk: string, body: number[]) =>
      Uint8Array.from([
        ...Buffer.from('RIFF'),
        0,
        0,
        0,
        0,
        ...Buffer.from('WEBP'),
        ...Buffer.from(chunk),
        0,
        0,
        0,
        0,
        ...body,
        ...new Array(16).fill(0),
      ]);
    // VP8: frame tag (3 bytes), start code 9d 01 2a, 14-bit width and height.
    expect(readImageHeader(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]))).toEqual({
      kind: 'webp',
      width: 320,
      height: 240,
    });
    // VP8L: 0x2f, then (w − 1) | (h − 1) << 14.
    const bits = 99 | (49 << 14);
    expect(
      readImageHeader(riff('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, bits >>> 24])),
    ).toEqual({ kind: 'webp', width: 100, height: 50 });
    // VP8X: flags, 3 reserved, 24-bit (w − 1), 24-bit (h − 1): 16384 × 16384 > MAX_PIXELS.
    const huge = riff('VP8X', [0, 0, 0, 0, 0xff, 0x3f, 0, 0xff, 0x3f, 0]);
    expect(readImageHeader(huge)).toEqual({ kind: 'webp', width: 16384, height: 16384 });
    expect(16384 * 16384).toBeGreaterThan(MAX_PIXELS);
    expect(await code(decodeImageBytes(huge))).toBe('IMAGE_TOO_LARGE');
    // A broken VP8 start code, and a RIFF that is not WebP, are not images.
    expect(readImageHeader(riff('VP8 ', [0, 0, 0, 0, 0, 0]))).toBeUndefined();
    expect(await code(decodeImageBytes(riff('ABCD', [])))).toBe('IMAGE_FORMAT');
  });

  it('a corrupt WebP body is IMAGE_DECODE, not a crash; a GIF claiming a huge screen is IMAGE_TOO_LARGE', async () => {
    const webp = fixture('two-codes-lossy.webp').slice(0, 200);
    expect(await code(decodeImageBytes(webp))).toBe('IMAGE_DECODE');
    const gif = qrGif('x');
    gif.set([0xff, 0xff, 0xff, 0xff], 6);
    expect(await code(decodeImage(gif))).toBe('IMAGE_TOO_LARGE');
  });

  it('decodeImageFile reads WebP from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oneqr-webp-'));
    try {
      await writeFile(join(dir, 'chat.webp'), fixture('two-codes-lossless.webp'));
      expect((await decodeImageFile(join(dir, 'chat.webp'))).sort()).toEqual([CCCD, SAMPLE].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
