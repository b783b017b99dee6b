import { prepareZXingModule, purgeZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReaderOptions, ReadResult, ZXingModuleOverrides } from 'zxing-wasm/reader';
import { OneQRError } from '../errors.ts';
import { readImageHeader, type ImageHeader } from './image-header.ts';
import { symbolSegments, type QrSymbolInfo } from './segments.ts';

/** A decoded QR symbol: its text and what it says about its structure (version, level, segments). */
export interface DecodedSymbol {
  text: string;
  symbol: QrSymbolInfo;
}

/** Where the zxing-cpp WebAssembly reader comes from; give exactly one. */
export interface DecoderConfig {
  /** The bytes of `zxing-wasm/dist/reader/zxing_reader.wasm` (3.1.4), e.g. read by `@oneqr/qr/node`. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** A URL your app serves that file from (browsers: e.g. a bundler's `?url` import). */
  wasmUrl?: string;
}

/** Largest image file {@link decodeImage} accepts. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Largest pixel count (declared by an image header, or given to {@link decodePixels}). */
export const MAX_PIXELS = 40_000_000;

const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  // Plain = the symbol's bytes transcoded by its ECI, else by `characterSet`. We only use `text`
  // for ECI symbols; without ECI we decode `bytes` ourselves (below) so UTF-8 is byte-exact.
  textMode: 'Plain',
  characterSet: 'UTF8',
};

// The one piece of module state in @oneqr/qr: zxing-wasm itself caches its instance per module,
// so our configuration is process-wide too. Overrides replace zxing-wasm's default `locateFile`,
// which would fetch the .wasm from jsDelivr.
let overrides: ZXingModuleOverrides | undefined;

/**
 * Tells the decoder where its WebAssembly binary is. Call once before {@link decodeImage} or
 * {@link decodePixels}; until then they reject with `DECODER_NOT_CONFIGURED` rather than fetch
 * anything from a CDN. In Node, `useBundledWasm()` from `@oneqr/qr/node` does this for you.
 *
 * @throws OneQRError `DECODER_NOT_CONFIGURED` when neither or both options are given.
 * @example
 * import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'; // Vite
 * configureDecoder({ wasmUrl });
 */
export function configureDecoder(opts: DecoderConfig): void {
  const hasBinary = opts.wasmBinary !== undefined;
  const hasUrl = opts.wasmUrl !== undefined;
  if (hasBinary === hasUrl) {
    throw new OneQRError(
      'DECODER_NOT_CONFIGURED',
      'configureDecoder: give exactly one of wasmBinary or wasmUrl',
    );
  }
  if (opts.wasmBinary !== undefined) {
    const bin = opts.wasmBinary;
    // Copy a view into its own ArrayBuffer: Node Buffers may sit inside a larger pool.
    const wasmBinary = bin instanceof Uint8Array ? bin.slice().buffer : bin;
    overrides = { wasmBinary, locateFile: (path: string) => path };
  } else {
    const url = opts.wasmUrl!;
    overrides = {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? url : prefix + path),
    };
  }
  // Replaces any cached instance, and makes even direct zxing-wasm/reader calls use this binary.
  prepareZXingModule({ overrides, fireImmediately: false });
}

/**
 * Finds the QR symbols in a PNG, JPEG or GIF file and returns their texts (UTF-8), in reading
 * order; `[]` when there is none. WebP has no decoder here: a browser decodes it itself (draw it
 * to a canvas, then {@link decodePixels}); in Node, `decodeImageFile` from `@oneqr/qr/node` does.
 *
 * @throws (rejects) OneQRError `IMAGE_FORMAT` (anything else, WebP included), `IMAGE_TOO_LARGE`
 *   (file > 20 MiB or > 40 Mpx declared), `IMAGE_DECODE`, `DECODER_NOT_CONFIGURED`.
 * @example
 * const [text] = await decodeImage(new Uint8Array(await file.arrayBuffer()));
 */
export async function decodeImage(bytes: Uint8Array): Promise<string[]> {
  const header = checkImage(bytes);
  if (header.kind === 'webp') {
    throw new OneQRError(
      'IMAGE_FORMAT',
      'image: WebP must be decoded to pixels first (decodePixels), or use decodeImageFile from @oneqr/qr/node',
      'image',
    );
  }
  return texts(await read(bytes));
}

/**
 * As {@link decodeImage}, with each symbol's version, error correction level and segments
 * (read() checks them for SMART Health Cards: pass `symbol` in its context).
 *
 * @example
 * const [found] = await decodeImageSymbols(pngBytes);
 * const result = await read(found.text, { symbol: found.symbol });
 */
export async function decodeImageSymbols(bytes: Uint8Array): Promise<DecodedSymbol[]> {
  const header = checkImage(bytes);
  if (header.kind === 'webp') {
    throw new OneQRError(
      'IMAGE_FORMAT',
      'image: WebP must be decoded to pixels first (decodePixels)',
      'image',
    );
  }
  return details(await read(bytes));
}

/**
 * The format and size of an image file the decoders accept, after the checks every path shares:
 * non-empty, at most MAX_IMAGE_BYTES, a known header, at most MAX_PIXELS declared.
 *
 * @throws OneQRError `IMAGE_FORMAT`, `IMAGE_TOO_LARGE`.
 */
export function checkImage(bytes: Uint8Array): ImageHeader {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new OneQRError(
      'IMAGE_FORMAT',
      'image: expected the bytes of a PNG, JPEG, GIF or WebP file',
      'image',
    );
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new OneQRError('IMAGE_TOO_LARGE', `image: file exceeds ${MAX_IMAGE_BYTES} bytes`, 'image');
  }
  const header = readImageHeader(bytes);
  if (header === undefined) {
    throw new OneQRError(
      'IMAGE_FORMAT',
      'image: not a PNG, JPEG, GIF or WebP file, or its header is malformed',
      'image',
    );
  }
  if (header.width * header.height > MAX_PIXELS) {
    throw new OneQRError(
      'IMAGE_TOO_LARGE',
      `image: ${header.width}×${header.height} pixels exceed ${MAX_PIXELS}`,
      'image',
    );
  }
  return header;
}

/**
 * Finds the QR symbols in raw RGBA pixels (e.g. a canvas `ImageData` or a camera frame) and
 * returns their texts (UTF-8); `[]` when there is none.
 *
 * @throws (rejects) OneQRError `PIXELS_FORMAT` when `rgba.length !== width * height * 4` or the
 *   dimensions are not positive integers, `IMAGE_TOO_LARGE`, `IMAGE_DECODE`, `DECODER_NOT_CONFIGURED`.
 * @example
 * const img = ctx.getImageData(0, 0, w, h);
 * const found = await decodePixels(img.data, img.width, img.height);
 */
export async function decodePixels(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): Promise<string[]> {
  if (!(rgba instanceof Uint8ClampedArray || rgba instanceof Uint8Array)) {
    throw new OneQRError(
      'PIXELS_FORMAT',
      'pixels: expected a Uint8ClampedArray or Uint8Array of RGBA',
      'pixels',
    );
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new OneQRError('PIXELS_FORMAT', 'pixels: width and height must be positive integers', 'pixels');
  }
  if (width * height > MAX_PIXELS) {
    throw new OneQRError('IMAGE_TOO_LARGE', `pixels: ${width}×${height} exceed ${MAX_PIXELS}`, 'pixels');
  }
  if (rgba.length !== width * height * 4) {
    throw new OneQRError(
      'PIXELS_FORMAT',
      `pixels: length ${rgba.length} is not width × height × 4 = ${width * height * 4}`,
      'pixels',
    );
  }
  const data =
    rgba instanceof Uint8ClampedArray
      ? rgba
      : new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  // zxing-wasm duck-types ImageData ({data, width, height}); Node has no ImageData class.
  const image = { data, width, height, colorSpace: 'srgb' } as ImageData;
  return texts(await read(image));
}

async function read(input: Uint8Array | ImageData): Promise<ReadResult[]> {
  if (overrides === undefined) {
    throw new OneQRError(
      'DECODER_NOT_CONFIGURED',
      'decoder: call configureDecoder() (or useBundledWasm() from @oneqr/qr/node) first',
    );
  }
  try {
    await prepareZXingModule({ overrides, fireImmediately: true });
  } catch (err) {
    purgeZXingModule(); // a rejected instance stays cached otherwise
    throw new OneQRError('IMAGE_DECODE', `decoder: the WebAssembly reader failed to load (${String(err)})`);
  }
  try {
    return await readBarcodes(input, READER_OPTIONS);
  } catch (err) {
    // A trap (e.g. out of memory) may leave the instance unusable: start afresh next time.
    purgeZXingModule();
    throw new OneQRError('IMAGE_DECODE', `image: the decoder failed (${String(err)})`, 'image');
  }
}

const utf8 = new TextDecoder('utf-8');

function textOf(r: ReadResult): string {
  // Without ECI the bytes are OneQR's UTF-8 (SPEC §3); decode them ourselves rather than let a
  // charset guess garble Vietnamese. With ECI, zxing's transcoding follows the declared charset.
  return r.hasECI ? r.text : utf8.decode(r.bytes);
}

function texts(results: ReadResult[]): string[] {
  return results.filter((r) => r.isValid).map(textOf);
}

function details(results: ReadResult[]): DecodedSymbol[] {
  return results
    .filter((r) => r.isValid)
    .map((r) => {
      let extra: { Version?: unknown; ECLevel?: unknown; DataMask?: unknown } = {};
      try {
        extra = JSON.parse(r.extra) as typeof extra;
      } catch {
        // older builds: only the deprecated fields
      }
      const version = Number(extra.Version ?? r.version);
      const ecLevel = String(extra.ECLevel ?? r.ecLevel);
      const mask = Number(extra.DataMask);
      const segments = r.symbol ? symbolSegments(r.symbol, version, ecLevel, mask, r.bytes) : undefined;
      return { text: textOf(r), symbol: { version, ecLevel, ...(segments && { segments }) } };
    });
}
