/**
 * Unique Vaccination Certificate Identifiers (eHealth Network UVCI guidelines, annex 2):
 * `URN:UVCI:01:VN:<issuer>/<opaque>#<check>`, the check character Luhn mod N over the whole
 * string before `#`, on the 38-character alphabet below.
 */
import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:';
const OPAQUE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const UVCI_PREFIX = 'URN:UVCI:01:VN:';
/** The issuing entity part: the Ministry of Health. */
const ISSUER = 'MOH';
/** A UVCI this server issues: the prefix, MOH/, 20 opaque characters, `#`, the check character. */
export const UVCI_PATTERN = '^URN:UVCI:01:VN:MOH/[A-Z0-9]{20}#[A-Z0-9/:]$';

/** The Luhn mod 38 check character of `text`; undefined when it holds a character outside the alphabet. */
export function uvciCheckCharacter(text: string): string | undefined {
  const n = ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const code = ALPHABET.indexOf(text[i]!);
    if (code < 0) return undefined;
    let addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return ALPHABET[(n - (sum % n)) % n];
}

/** True when `uvci` ends in `#` and its correct check character. */
export function hasValidUvciCheck(uvci: string): boolean {
  const at = uvci.length - 2;
  return at > 0 && uvci[at] === '#' && uvciCheckCharacter(uvci.slice(0, at)) === uvci[at + 1];
}

/** A fresh UVCI: 20 random characters of 36 (103 bits), then the check character. */
export function newUvci(): string {
  const bytes = crypto.randomBytes(20);
  // 256 % 36 ≠ 0: redraw the few bytes that would bias the first characters.
  const chars = [...bytes].map((b) => {
    let x = b;
    while (x >= 252) x = crypto.randomBytes(1)[0]!;
    return OPAQUE[x % 36];
  });
  const body = `${UVCI_PREFIX}${ISSUER}/${chars.join('')}`;
  return `${body}#${uvciCheckCharacter(body)!}`;
}

/** The EU revocation hash of type UCI: first 16 bytes of SHA-256 over the UVCI, base64. */
export function uvciHash(uvci: string): string {
  return crypto.createHash('sha256').update(uvci, 'utf8').digest().subarray(0, 16).toString('base64');
}
