/**
 * QIDs: opaque 18-digit strings (like the public 1405 sample) drawn from crypto randomness.
 * Never derived from personal data; callers must treat them as strings, never as numbers.
 */
import crypto from 'node:crypto';

const SPAN = 9n * 10n ** 17n; // 18 digits with a non-zero first digit: 10^17 … 10^18 − 1
const FLOOR = 10n ** 17n;
// Rejection sampling keeps the draw uniform: accept 64-bit values below the largest multiple of SPAN.
const LIMIT = (2n ** 64n / SPAN) * SPAN;

/** `count` fresh random QIDs (may, with negligible probability, repeat: the store's key decides). */
export function randomQids(count: number): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const need = count - out.length;
    const bytes = crypto.randomBytes(8 * (need + 4));
    for (let i = 0; i + 8 <= bytes.length && out.length < count; i += 8) {
      const v = bytes.readBigUInt64BE(i);
      if (v < LIMIT) out.push(String(FLOOR + (v % SPAN)));
    }
  }
  return out;
}
