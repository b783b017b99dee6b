/** Image formats recognised by their magic bytes (WebP is decoded to pixels by the caller first). */
export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp';

/** What the file header declares, read without decoding any pixel data. */
export interface ImageHeader {
  kind: ImageKind;
  width: number;
  height: number;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Reads the format and declared dimensions of a PNG (IHDR), JPEG (first SOFn marker), GIF
 * (logical screen) or WebP (VP8 / VP8L / VP8X header), so a small file declaring a huge image is
 * refused before anything allocates for it. Returns `undefined` for anything else or a malformed
 * header. Bounded time: each JPEG step advances at least two bytes.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (startsWith(bytes, PNG_MAGIC)) return readPng(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return readJpeg(bytes);
  // Header (6) + logical screen descriptor (7): a shorter file is not a GIF.
  if (bytes.length >= 13 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) {
    const width = bytes[6]! | (bytes[7]! << 8);
    const height = bytes[8]! | (bytes[9]! << 8);
    return width > 0 && height > 0 ? { kind: 'gif', width, height } : undefined;
  }
  if (bytes.length >= 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return readWebp(bytes);
  return undefined;
}

/** The first chunk after RIFF....WEBP carries the canvas size in one of three layouts. */
function readWebp(bytes: Uint8Array): ImageHeader | undefined {
  const chunk = ascii(bytes, 12, 4);
  const b = (i: number) => bytes[i]!;
  let width = 0;
  let height = 0;
  if (chunk === 'VP8 ') {
    // Lossy: a key frame's start code 9d 01 2a, then 14-bit width and height.
    if (b(23) !== 0x9d || b(24) !== 0x01 || b(25) !== 0x2a) return undefined;
    width = (b(26) | (b(27) << 8)) & 0x3fff;
    height = (b(28) | (b(29) << 8)) & 0x3fff;
  } else if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then 14 bits of width − 1 and 14 of height − 1.
    if (b(20) !== 0x2f) return undefined;
    const bits = b(21) | (b(22) << 8) | (b(23) << 16) | (b(24) << 24);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X') {
    // Extended: 24-bit canvas width − 1 and height − 1.
    width = (b(24) | (b(25) << 8) | (b(26) << 16)) + 1;
    height = (b(27) | (b(28) << 8) | (b(29) << 16)) + 1;
  } else return undefined;
  return width > 0 && height > 0 ? { kind: 'webp', width, height } : undefined;
}

function readPng(bytes: Uint8Array): ImageHeader | undefined {
  // The first chunk must be IHDR, 13 bytes long: width and height are its first two uint32s.
  if (bytes.length < 33) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  const width = v.getUint32(16);
  const height = v.getUint32(20);
  return width > 0 && height > 0 ? { kind: 'png', width, height } : undefined;
}

function readJpeg(bytes: Uint8Array): ImageHeader | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 2;
  while (pos + 1 < bytes.length) {
    if (bytes[pos] !== 0xff) return undefined;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    // Standalone markers carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // EOI / SOS before any frame header
    if (pos + 4 > bytes.length) return undefined;
    const len = v.getUint16(pos + 2);
    if (len < 2) return undefined;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (len < 7 || pos + 9 > bytes.length) return undefined;
      const height = v.getUint16(pos + 5);
      const width = v.getUint16(pos + 7);
      return width > 0 && height > 0 ? { kind: 'jpeg', width, height } : undefined;
    }
    pos += 2 + len;
  }
  return undefined;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, off: number, len: number): string {
  return String.fromCharCode(...bytes.subarray(off, off + len));
}
