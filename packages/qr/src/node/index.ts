/**
 * `@oneqr/qr/node`: the Node adapter for `@oneqr/qr/symbols`, the one place in `@oneqr/qr` that
 * touches Node built-ins. It feeds the decoder the `.wasm` shipped inside the zxing-wasm package,
 * so nothing is ever fetched from a CDN.
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { OneQRError } from '../errors.ts';
import {
  checkImage,
  configureDecoder,
  decodeImage,
  decodePixels,
  MAX_IMAGE_BYTES,
} from '../symbols/index.ts';

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

type WebpDecoder = { decode(input: Uint8Array): { data: Uint8ClampedArray; width: number; height: number } };
let webp: WebpDecoder | undefined;

/**
 * Decodes the QR symbols in the bytes of a PNG, JPEG, GIF or WebP file (what phones, chat apps
 * and browsers save), configuring the bundled decoder first. WebP is turned into pixels by
 * libwebp (WebAssembly, `@cwasm/webp`), after the same size checks as every other format.
 *
 * @throws (rejects) as `decodeImage`; `IMAGE_DECODE` for a WebP libwebp cannot read.
 * @example
 * const texts = await decodeImageBytes(await readFile('chat-photo.webp'));
 */
export async function decodeImageBytes(bytes: Uint8Array): Promise<string[]> {
  await useBundledWasm();
  const header = checkImage(bytes);
  if (header.kind !== 'webp') return decodeImage(bytes);
  webp ??= createRequire(import.meta.url)('@cwasm/webp') as WebpDecoder;
  let image: ReturnType<WebpDecoder['decode']>;
  try {
    image = webp.decode(bytes);
  } catch (err) {
    throw new OneQRError('IMAGE_DECODE', `image: the WebP decoder failed (${String(err)})`, 'image');
  }
  return decodePixels(image.data, image.width, image.height);
}

/**
 * Decodes the QR symbols in a PNG, JPEG, GIF or WebP file on disk. Files over 20 MiB are refused
 * before being read whole.
 *
 * @throws (rejects) as `decodeImageBytes`, or the fs error when the file cannot be read.
 * @example
 * const texts = await decodeImageFile('scan.png');
 */
export async function decodeImageFile(path: string): Promise<string[]> {
  if ((await stat(path)).size > MAX_IMAGE_BYTES) {
    throw new OneQRError('IMAGE_TOO_LARGE', `image: file exceeds ${MAX_IMAGE_BYTES} bytes`, 'image');
  }
  return decodeImageBytes(await readFile(path));
}
