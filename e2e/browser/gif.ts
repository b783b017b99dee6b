/**
 * A QR code as a GIF file, for the scanner's upload tests (no GIF encoder among our
 * dependencies, and a canvas cannot write one). The "uncompressed" GIF: LZW with a minimum code
 * size of 7, so every code is 8 bits and byte-aligned, and a clear code every 100 pixels so the
 * code width never grows; any GIF decoder reads it.
 */
import { QUIET_ZONE, qrMatrix } from '@oneqr/qr/symbols';

const CLEAR = 128;
const END = 129;
const RUN = 100;

export function qrGif(text: string, scale = 4): Buffer {
  const { size, modules } = qrMatrix(text);
  const n = (size + 2 * QUIET_ZONE) * scale;
  const pixel = (x: number, y: number): number => {
    const c = Math.floor(x / scale) - QUIET_ZONE;
    const r = Math.floor(y / scale) - QUIET_ZONE;
    const dark = r >= 0 && c >= 0 && r < size && c < size && modules[r * size + c] === 1;
    return dark ? 0 : 1; // palette: 0 black, 1 white
  };
  const codes: number[] = [];
  let count = 0;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      if (count % RUN === 0) codes.push(CLEAR);
      codes.push(pixel(x, y));
      count++;
    }
  codes.push(END);
  const blocks: number[] = [];
  for (let i = 0; i < codes.length; i += 255) {
    const chunk = codes.slice(i, i + 255);
    blocks.push(chunk.length, ...chunk);
  }
  const u16 = (v: number) => [v & 0xff, v >> 8];
  const palette = new Array<number>(128 * 3).fill(0);
  palette.splice(3, 3, 255, 255, 255);
  return Buffer.from([
    ...Buffer.from('GIF89a', 'ascii'),
    ...u16(n),
    ...u16(n),
    0xf6, // global colour table, 128 entries
    0,
    0,
    ...palette,
    0x2c, // image descriptor
    ...u16(0),
    ...u16(0),
    ...u16(n),
    ...u16(n),
    0,
    7, // LZW minimum code size
    ...blocks,
    0, // end of image data
    0x3b, // trailer
  ]);
}
