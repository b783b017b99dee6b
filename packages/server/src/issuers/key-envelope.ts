/**
 * Private keys at rest. API nodes are stateless, so issuer private keys live in the store.
 * When ONEQR_MASTER_KEY is set (32 bytes, base64 or 64 hex digits) they are wrapped with
 * AES-256-GCM, the key id bound as associated data so a ciphertext cannot be moved to another
 * row. Without it they are stored as plain JSON (the embedded demo).
 *
 * Debt: production should hold the master key in a KMS/HSM (envelope per key, key never in the
 * process environment) and rotate it; this is the local stand-in.
 */
import crypto from 'node:crypto';
import { HttpError } from '../errors.ts';

const PREFIX = 'enc:v1:';

/** A stored private key that cannot be used: wrapped with another master key, or plain once one is set. */
export class KeyUnreadableError extends HttpError {
  constructor(message: string) {
    // A 503 hides the message from the caller; the log keeps it (it names a kid, nothing personal).
    super('ISSUERS_KEY_UNREADABLE', message);
  }
}

/** True when the stored text is wrapped (by some master key). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** Parses ONEQR_MASTER_KEY; undefined when unset. Throws when set but not 32 bytes. */
export function masterKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const raw = env.ONEQR_MASTER_KEY;
  if (raw === undefined || raw === '') return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('ONEQR_MASTER_KEY must be 32 bytes (base64 or 64 hex digits)');
  return key;
}

/** Serialises a private JWK for the store, wrapped when a master key is given. */
export function sealPrivateJwk(jwk: JsonWebKey, kid: string, masterKey: Buffer | undefined): string {
  const json = JSON.stringify(jwk);
  if (masterKey === undefined) return json;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}${iv.toString('base64url')}:${body.toString('base64url')}`;
}

/**
 * Reads a stored private JWK. Throws KeyUnreadableError when it is wrapped and the master key is
 * absent or wrong, and when it is plain although a master key is set: every key is wrapped at
 * boot (and by `oneqr admin keys wrap`), so a plain one was written by a node without the master
 * key, or planted.
 */
export function openPrivateJwk(stored: string, kid: string, masterKey: Buffer | undefined): JsonWebKey {
  if (!isSealed(stored)) {
    if (masterKey !== undefined)
      throw new KeyUnreadableError(
        `private key ${kid} is stored in plain text although ONEQR_MASTER_KEY is set; run \`oneqr admin keys wrap\``,
      );
    return JSON.parse(stored) as JsonWebKey;
  }
  if (masterKey === undefined)
    throw new KeyUnreadableError(`private key ${kid} is encrypted but ONEQR_MASTER_KEY is not set`);
  const [ivText, bodyText] = stored.slice(PREFIX.length).split(':');
  const iv = Buffer.from(ivText ?? '', 'base64url');
  const body = Buffer.from(bodyText ?? '', 'base64url');
  if (iv.length !== 12 || body.length < 17)
    throw new KeyUnreadableError(`private key ${kid}: malformed envelope`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', masterKey, iv);
  decipher.setAAD(Buffer.from(kid, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  let json: string;
  try {
    json = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new KeyUnreadableError(
      `private key ${kid} cannot be unwrapped: ONEQR_MASTER_KEY is not the key it was wrapped with`,
    );
  }
  return JSON.parse(json) as JsonWebKey;
}
