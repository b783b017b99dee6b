import { issue } from '../../errors.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

/** RFC 9285 alphabet: value = index. */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** Step 2: strict Base45 (RFC 9285) decoding; any character outside the alphabet is an error. */
export function base45Decode(text: string): Step<Uint8Array> {
  if (text.length % 3 === 1) {
    return fail(
      issue('DCC_BASE45_LENGTH', `Base45: length ${text.length} leaves a single character`, 'base45'),
    );
  }
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const size = Math.min(3, text.length - i);
    let n = 0;
    for (let j = size - 1; j >= 0; j--) {
      const code = text.charCodeAt(i + j);
      const v = code < 128 ? VALUE[code]! : -1;
      if (v < 0) {
        const shown = JSON.stringify(text.charAt(i + j));
        return fail(
          issue(
            'DCC_BASE45_CHARACTER',
            `Base45: character ${shown} at ${i + j} is not in the alphabet`,
            'base45',
          ),
        );
      }
      n = n * 45 + v;
    }
    if (size === 3) {
      if (n > 0xffff) {
        return fail(
          issue('DCC_BASE45_OVERFLOW', `Base45: group at ${i} encodes ${n}, above 65535`, 'base45'),
        );
      }
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) {
        return fail(issue('DCC_BASE45_OVERFLOW', `Base45: final pair encodes ${n}, above 255`, 'base45'));
      }
      out[o++] = n;
    }
  }
  return ok(out);
}

/** Base45 encoding (RFC 9285), for building test codes and issuing. */
export function base45Encode(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = (bytes[i]! << 8) | bytes[i + 1]!;
      for (let k = 0; k < 3; k++) {
        s += ALPHABET[n % 45];
        n = Math.floor(n / 45);
      }
    } else {
      const n = bytes[i]!;
      s += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
    }
  }
  return s;
}
