/**
 * Client secrets and bearer tokens. Secrets are kept as salted scrypt hashes and compared in
 * constant time; tokens are random and kept as sha256 (they are long-entropy, so no salt is needed).
 */
import crypto from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;
/** Refuse absurd stored parameters so a tampered row cannot make verification hang. */
const MAX_N = 1 << 20;

function scrypt(
  secret: string,
  salt: Buffer,
  keyLength: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(secret, salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** A fresh random value of `bytes` bytes, base64url without padding. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** The stored form of a bearer token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** `scrypt$N$r$p$salt$hash` with a per-secret 16-byte salt. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const key = await scrypt(secret, salt, keyLength, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `secret` matches `stored`. With `stored` undefined (unknown client) the same work is
 * done against a dummy hash, so timing does not reveal whether a client id exists.
 */
export async function verifySecret(secret: string, stored: string | undefined): Promise<boolean> {
  dummyHash ??= hashSecret(randomToken());
  const parts = (stored ?? (await dummyHash)).split('$');
  const [scheme, nText, rText, pText, saltText, keyText] = parts;
  const N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  const wellFormed =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    Number.isInteger(N) &&
    N > 1 &&
    N <= MAX_N &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= 32 &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= 16;
  if (!wellFormed || saltText === undefined || keyText === undefined) {
    // Still spend the usual time before refusing.
    await scrypt(secret, Buffer.alloc(16), SCRYPT.keyLength, SCRYPT.N, SCRYPT.r, SCRYPT.p);
    return false;
  }
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scrypt(secret, Buffer.from(saltText, 'base64url'), expected.length || 32, N, r, p);
  const same = expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
  return same && stored !== undefined;
}
