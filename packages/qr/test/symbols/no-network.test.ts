/**
 * The decoder must never fetch its WebAssembly from a CDN (zxing-wasm's default is jsDelivr).
 * Its own file: the zxing-wasm instance is module state, so this starts from a fresh one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBundledWasm } from '../../src/node/index.ts';
import { decodeImage, decodePixels, renderPng } from '../../src/symbols/index.ts';
import { symbolPixels } from './frames.ts';

const TEXT =
  '079201012345||Nguyễn Thị Ánh Tuyết|15062001|Nữ|12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';

describe('symbols: decoding touches no network', () => {
  const realFetch = globalThis.fetch;
  const calls: string[] = [];
  beforeAll(() => {
    globalThis.fetch = ((input: unknown) => {
      calls.push(String(input));
      throw new Error(`network disabled in this test: fetch(${String(input)})`);
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('loads the bundled .wasm and decodes with fetch disabled', async () => {
    await useBundledWasm();
    expect(await decodeImage(renderPng(TEXT))).toEqual([TEXT]);
    const { rgba, width, height } = symbolPixels(TEXT);
    expect(await decodePixels(rgba, width, height)).toEqual([TEXT]);
    expect(calls).toEqual([]);
  });
});
