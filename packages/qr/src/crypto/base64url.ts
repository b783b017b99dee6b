/**
 * Base64url (RFC 4648 §5) without padding. The decoder is strict because it reads hostile
 * input: only the 64 URL-safe characters, no `=`, no whitespace, no impossible length, and the
 * unused low bits of the last character must be zero (one byte string, one encoding: a
 * signature cannot be re-spelled into a second accepted form).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Character code → 6-bit value, or -1 when not in the alphabet. */
const DECODE = ((): Int8Array => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/**
 * Encodes bytes as base64url without padding.
 *
 * @example b64uEncode(new Uint8Array([0xfb, 0xff])) // '-_8'
 */
export function b64uEncode(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]!;
  }
  return out;
}

/**
 * Encodes bytes as standard base64 (RFC 4648 §4, `+/`, padded): the spelling EU DCC kids use.
 * Encoding only: nothing the library reads is standard base64.
 *
 * @example b64Encode(new Uint8Array([0xfb, 0xff])) // '+/8='
 */
export function b64Encode(bytes: Uint8Array): string {
  const url = b64uEncode(bytes);
  return url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (url.length % 4)) % 4);
}

/** Thrown by {@link b64uDecode}; callers on hostile input catch it or use {@link b64uDecodeOrNull}. */
export class Base64UrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base64UrlError';
  }
}

/**
 * Decodes strict base64url without padding. Throws {@link Base64UrlError} on any character
 * outside the alphabet (including `=` and whitespace), on a length that no byte string has
 * (length % 4 === 1), and on non-zero unused trailing bits.
 *
 * @example b64uDecode('-_8') // Uint8Array [0xfb, 0xff]
 */
export function b64uDecode(text: string): Uint8Array {
  const n = text.length;
  if (n % 4 === 1) throw new Base64UrlError('base64url: impossible length');
  const out = new Uint8Array(Math.floor((n * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) throw new Base64UrlError(`base64url: invalid character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) {
    throw new Base64UrlError('base64url: non-zero trailing bits');
  }
  return out;
}

/** {@link b64uDecode} that answers null instead of throwing. */
export function b64uDecodeOrNull(text: string): Uint8Array | null {
  try {
    return b64uDecode(text);
  } catch {
    return null;
  }
}

/**
 * Decodes strict standard base64 (RFC 4648 §4, `+/`, padded to a multiple of 4), as X.509
 * `x5c` members and EU gateway `rawData` carry DER. Null on anything else, including
 * non-zero trailing bits (a second spelling of the same bytes).
 */
export function b64DecodeOrNull(text: string): Uint8Array | null {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  return b64uDecodeOrNull(text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
}
