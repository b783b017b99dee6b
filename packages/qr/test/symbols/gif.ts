/**
 * Test helper: a minimal GIF89a encoder for black-and-white images, so the GIF path is tested
 * without an image library. LZW "uncompressed": a clear code before every two pixels keeps the
 * code width at 3 bits, which every decoder reads the same way.
 */
export function encodeGif(
  width: number,
  height: number,
  isDark: (x: number, y: number) => boolean,
): Uint8Array {
  const out: number[] = [];
  const u16 = (n: number) => out.push(n & 0xff, n >> 8);
  out.push(...Array.from('GIF89a', (c) => c.charCodeAt(0)));
  u16(width);
  u16(height);
  out.push(0x80, 0, 0); // global colour table of 2 entries, 1 bit
  out.push(255, 255, 255, 0, 0, 0); // 0 = white, 1 = black
  out.push(0x2c);
  u16(0);
  u16(0);
  u16(width);
  u16(height);
  out.push(0);
  const minCodeSize = 2;
  out.push(minCodeSize);
  const CLEAR = 4;
  const END = 5;
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number) => {
    acc |= code << bits;
    bits += 3;
    while (bits >= 8) {
      bytes.push(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  };
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.push(isDark(x, y) ? 1 : 0);
  for (let i = 0; i < pixels.length; i += 2) {
    put(CLEAR);
    put(pixels[i]!);
    if (i + 1 < pixels.length) put(pixels[i + 1]!);
  }
  put(END);
  if (bits > 0) bytes.push(acc & 0xff);
  for (let i = 0; i < bytes.length; i += 255) {
    const block = bytes.slice(i, i + 255);
    out.push(block.length, ...block);
  }
  out.push(0, 0x3b);
  return Uint8Array.from(out);
}
