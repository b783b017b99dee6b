/**
 * zbar, the independent QR decoder the symbol tests check ours (zxing-wasm) against, in two builds:
 * - `@undecaf/zbar-wasm`, zbar compiled to WebAssembly: a devDependency, so it is always there
 *   and every run checks against it. Images reach it as pixels through independent decoders
 *   (pngjs, jpeg-js), never through our own code.
 * - `zbarimg` (Debian zbar-tools), the native build, where installed: checked too.
 *
 * Both are told the symbol is binary. Without that, for a QR without an ECI header zbar guesses
 * the charset and converts to UTF-8, and short non-ASCII payloads come out garbled (zbarimg reads
 * `é` as `柩`, guessed as Shift_JIS). Binary mode hands over the symbol's bytes untouched, and we
 * decode them as UTF-8 ourselves, fatally: `ZBAR_CFG_BINARY` on the wasm scanner, `-Sbinary` for
 * zbarimg (which then also drops the trailing newline).
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZBarConfigType, ZBarScanner, ZBarSymbolType, scanRGBABuffer } from '@undecaf/zbar-wasm';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export const ZBARIMG_FLAGS = ['--raw', '-q', '-Sbinary'] as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

let scanner: Promise<ZBarScanner> | undefined;

/** One scanner for QR codes only, in binary mode. */
function qrScanner(): Promise<ZBarScanner> {
  scanner ??= ZBarScanner.create().then((s) => {
    const set = (sym: ZBarSymbolType, cfg: ZBarConfigType, value: number): void => {
      if (s.setConfig(sym, cfg, value) !== 0) throw new Error(`zbar-wasm refused config ${cfg}=${value}`);
    };
    set(ZBarSymbolType.ZBAR_NONE, ZBarConfigType.ZBAR_CFG_ENABLE, 0);
    set(ZBarSymbolType.ZBAR_QRCODE, ZBarConfigType.ZBAR_CFG_ENABLE, 1);
    set(ZBarSymbolType.ZBAR_QRCODE, ZBarConfigType.ZBAR_CFG_BINARY, 1);
    return s;
  });
  return scanner;
}

/** RGBA pixels of a PNG or JPEG file, decoded by pngjs or jpeg-js. */
function pixels(image: Uint8Array): { data: Uint8Array; width: number; height: number } {
  const buf = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (buf[0] === 0x89 && buf.subarray(1, 4).toString('latin1') === 'PNG') return PNG.sync.read(buf);
  if (buf[0] === 0xff && buf[1] === 0xd8) return jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
  throw new Error('zbar helper: neither PNG nor JPEG');
}

/** Every QR symbol zbar-wasm finds in a PNG or JPEG image, as exact UTF-8 text. */
export async function zbarWasmDecode(image: Uint8Array): Promise<string[]> {
  const { data, width, height } = pixels(image);
  // zbar-wasm copies the pixels into its heap; hand it a buffer that is exactly the image.
  const rgba = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const symbols = await scanRGBABuffer(rgba, width, height, await qrScanner());
  return symbols.map((s) => utf8.decode(new Uint8Array(s.data.buffer, s.data.byteOffset, s.data.byteLength)));
}

let zbarimgInstalled: boolean | undefined;

/** Whether Debian's zbarimg is installed (it is optional: zbar-wasm always runs). */
export function hasZbarimg(): boolean {
  if (zbarimgInstalled === undefined) {
    try {
      execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
      zbarimgInstalled = true;
    } catch {
      zbarimgInstalled = false;
    }
  }
  return zbarimgInstalled;
}

/** Writes `image` to `dir/name` and returns what zbarimg reads from it (one symbol expected). */
export async function zbarimgDecode(image: Uint8Array, dir: string, name: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, image);
  return zbarimgDecodeFile(file);
}

/** What zbarimg reads from an image file (one symbol expected). */
export async function zbarimgDecodeFile(file: string): Promise<string> {
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    execFile(
      'zbarimg',
      [...ZBARIMG_FLAGS, file],
      { encoding: 'buffer', timeout: 20_000 },
      (err, out, errOut) => {
        // Exit 4 = no symbol found; report it as a mismatch rather than a crash.
        if (err && err.code !== 4)
          reject(new Error(`zbarimg failed on ${file}: ${err.message} ${errOut.toString()}`));
        else resolve(out);
      },
    );
  });
  return utf8.decode(stdout);
}

/** Runs `task` over `items` with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
