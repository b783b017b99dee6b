/** The minimal JWS compact serialisation (RFC 7515) the trust list needs: ES256 only. */
import { issue, type Issue } from '../errors.ts';
import { b64uDecodeOrNull, b64uEncode } from '../crypto/base64url.ts';
import { signEs256 } from '../crypto/es256.ts';

/** A JWS compact string split into its parts; nothing verified yet. */
export interface CompactParts {
  header: Record<string, unknown>;
  payload: string;
  /** The ASCII bytes the signature covers: `b64u(header) + "." + b64u(payload)`. */
  signingInput: Uint8Array;
  signature: Uint8Array;
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

/** Splits and decodes a compact JWS (never throws). */
export function parseCompact(text: string): CompactParts | Issue {
  const parts = text.split('.');
  if (parts.length !== 3)
    return issue('TRUST_LIST_SYNTAX', 'not a JWS compact string (3 dot-separated parts)');
  const [h = '', p = '', s = ''] = parts;
  const hb = b64uDecodeOrNull(h);
  const pb = b64uDecodeOrNull(p);
  const sb = b64uDecodeOrNull(s);
  if (hb === null || pb === null || sb === null)
    return issue('TRUST_LIST_SYNTAX', 'JWS part is not base64url');
  const dec = new TextDecoder('utf-8', { fatal: true });
  let header: unknown;
  let payload: string;
  try {
    header = JSON.parse(dec.decode(hb));
    payload = dec.decode(pb);
  } catch {
    return issue('TRUST_LIST_SYNTAX', 'JWS header is not JSON, or a part is not UTF-8');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return issue('TRUST_LIST_SYNTAX', 'JWS header is not a JSON object');
  }
  return {
    header: header as Record<string, unknown>,
    payload,
    signingInput: new TextEncoder().encode(`${h}.${p}`),
    signature: sb,
  };
}
