/**
 * Before configureDecoder(), decoding refuses instead of fetching from zxing-wasm's CDN default.
 * Its own file so the decoder starts unconfigured.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneQRError } from '../../src/errors.ts';
import { configureDecoder, decodeImage, decodePixels, renderPng } from '../../src/symbols/index.ts';

const TEXT = 'OQV1:venue/hn/0001';

async function codeOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof OneQRError ? e.code : e),
  );
}

describe('symbols: decoder configuration', () => {
  const realFetch = globalThis.fetch;
  let fetches = 0;
  beforeAll(() => {
    globalThis.fetch = (() => {
      fetches++;
      throw new Error('network disabled in this test');
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('rejects with DECODER_NOT_CONFIGURED before configureDecoder()', async () => {
    expect(await codeOf(decodeImage(renderPng(TEXT)))).toBe('DECODER_NOT_CONFIGURED');
    expect(await codeOf(decodePixels(new Uint8ClampedArray(4), 1, 1))).toBe('DECODER_NOT_CONFIGURED');
  });

  it('configureDecoder needs exactly one source', () => {
    expect(() => configureDecoder({})).toThrow(OneQRError);
    expect(() => configureDecoder({ wasmBinary: new Uint8Array(8), wasmUrl: 'x.wasm' })).toThrow(
      /exactly one/,
    );
  });

  it('a bad binary gives IMAGE_DECODE; a good one then works (Uint8Array and ArrayBuffer)', async () => {
    configureDecoder({ wasmBinary: new TextEncoder().encode('not wasm') });
    expect(await codeOf(decodeImage(renderPng(TEXT)))).toBe('IMAGE_DECODE');

    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const file = readFileSync(path);
    configureDecoder({ wasmBinary: file });
    expect(await decodeImage(renderPng(TEXT))).toEqual([TEXT]);

    configureDecoder({ wasmBinary: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) });
    expect(await decodeImage(renderPng(TEXT))).toEqual([TEXT]);
    expect(fetches).toBe(0);
  });
});
