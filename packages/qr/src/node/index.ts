/**
 * `@oneqr/qr/node`: the Node adapter for `@oneqr/qr/symbols`, the one place in `@oneqr/qr` that
 * touches Node built-ins. It feeds the decoder the `.wasm` shipped inside the zxing-wasm package,
 * so nothing is ever fetched from a CDN.
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { OneQRError } from '../errors.ts';
import { configureDecoder, decodeImage, MAX_IMAGE_BYTES } from '../symbols/index.ts';

let loading: Promise<void> | undefined;

/**
 * Reads `zxing-wasm/reader/zxing_reader.wasm` from node_modules and hands it to
 * `configureDecoder`. Idempotent: later calls reuse the first read.
 *
 * @example
 * await useBundledWasm();
 * const [text] = await decodeImage(pngBytes);
 */
export function useBundledWasm(): Promise<void> {
  loading ??= (async () => {
    const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    configureDecoder({ wasmBinary: await readFile(path) });
  })().catch((err: unknown) => {
    loading = undefined; // let a later call retry
    throw err;
  });
  return loading;
}

/**
 * Decodes the QR symbols in a PNG or JPEG file on disk (configuring the bundled decoder first).
 * Files over 20 MiB are refused before being read whole.
 *
 * @throws (rejects) as `decodeImage`, or the fs error when the file cannot be read.
 * @example
 * const texts = await decodeImageFile('scan.png');
 */
export async function decodeImageFile(path: string): Promise<string[]> {
  await useBundledWasm();
  if ((await stat(path)).size > MAX_IMAGE_BYTES) {
    throw new OneQRError('IMAGE_TOO_LARGE', `image: file exceeds ${MAX_IMAGE_BYTES} bytes`, 'image');
  }
  return decodeImage(await readFile(path));
}
