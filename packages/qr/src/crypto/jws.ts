/**
 * The one JWS compact serialisation (RFC 7515) reader and writer of the library: the trust list
 * and SMART Health Cards both go through it. ES256 only; the header must be a JSON object.
 * Parts are decoded with the strict base64url codec, so every JWS has exactly one spelling.
 */
import { b64uDecodeOrNull, b64uEncode } from './base64url.ts';
import { signEs256 } from './es256.ts';

/** A compact JWS split into its decoded parts; nothing verified yet. */
export interface CompactJws {
  header: Record<string, unknown>;
  /** The payload bytes (the trust list's is UTF-8 JSON, an SHC's raw DEFLATE). */
  payload: Uint8Array;
  /** The ASCII bytes the signature covers: `b64u(header) + "." + b64u(payload)`. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

/** Why a text is not a compact JWS; each caller maps it to its own stable code. */
export type CompactJwsDefect =
  | { defect: 'parts'; parts: number }
  | { defect: 'base64url' }
  | { defect: 'header-json' }
  | { defect: 'header-object' };

/** Splits and decodes a compact JWS. Never throws. */
export function parseCompactJws(text: string): CompactJws | CompactJwsDefect {
  const parts = text.split('.');
  if (parts.length !== 3) return { defect: 'parts', parts: parts.length };
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = b64uDecodeOrNull(h);
  const payload = b64uDecodeOrNull(p);
  const signature = b64uDecodeOrNull(s);
  if (headerBytes === null || payload === null || signature === null) return { defect: 'base64url' };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    return { defect: 'header-json' };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { defect: 'header-object' };
  }
  const signingInput = new TextEncoder().encode(`${h}.${p}`);
  return { header: header as Record<string, unknown>, payload, signingInput, signature };
}

/** Narrows a {@link parseCompactJws} result. */
export function isJwsDefect(v: CompactJws | CompactJwsDefect): v is CompactJwsDefect {
  return 'defect' in v;
}

/** Signs `payload` (a string, UTF-8 encoded) with `header` into a compact JWS. */
export async function signCompact(
  header: Record<string, unknown>,
  payload: string,
  privateKey: CryptoKey,
): Promise<string> {
  const enc = new TextEncoder();
  const input = `${b64uEncode(enc.encode(JSON.stringify(header)))}.${b64uEncode(enc.encode(payload))}`;
  const sig = await signEs256(privateKey, enc.encode(input));
  return `${input}.${b64uEncode(sig)}`;
}
