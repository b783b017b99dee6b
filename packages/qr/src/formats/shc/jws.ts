import { issue } from '../../errors.ts';
import { b64uDecodeOrNull } from '../../crypto/base64url.ts';
import { fail, ok, type Step } from './step.ts';

export interface ShcJwsHeader {
  zip: 'DEF';
  alg: 'ES256';
  kid: string;
  [key: string]: unknown;
}

/** A compact JWS split into its parts; the payload is still DEFLATE-compressed. */
export interface ShcJws {
  header: ShcJwsHeader;
  compressedPayload: Uint8Array;
  signature: Uint8Array;
  /** ASCII `header.payload`, the bytes ES256 signs. */
  signingInput: Uint8Array;
}

/** Step 2: reads a compact JWS and checks the SHC header profile (`zip: DEF`, `alg: ES256`, `kid`). */
export function parseShcJws(jws: string): Step<ShcJws> {
  const parts = jws.split('.');
  if (parts.length !== 3) return fail(issue('SHC_JWS', `JWS: ${parts.length} parts, expected 3`, 'jws'));
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = b64uDecodeOrNull(h);
  const compressedPayload = b64uDecodeOrNull(p);
  const signature = b64uDecodeOrNull(s);
  if (!headerBytes || !compressedPayload || !signature) {
    return fail(issue('SHC_JWS', 'JWS: a part is not valid base64url', 'jws'));
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    return fail(issue('SHC_JWS_HEADER', 'JWS: header is not JSON', 'header'));
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return fail(issue('SHC_JWS_HEADER', 'JWS: header is not a JSON object', 'header'));
  }
  const hdr = header as Record<string, unknown>;
  if (hdr['zip'] !== 'DEF') return fail(issue('SHC_ZIP', 'JWS: header zip must be "DEF"', 'zip'));
  if (hdr['alg'] !== 'ES256') {
    return fail(issue('SHC_ALG', `JWS: header alg ${JSON.stringify(hdr['alg'])} is not "ES256"`, 'alg'));
  }
  if (typeof hdr['kid'] !== 'string' || hdr['kid'] === '') {
    return fail(issue('SHC_KID_MISSING', 'JWS: header has no kid', 'kid'));
  }
  const signingInput = new TextEncoder().encode(`${h}.${p}`);
  return ok({ header: hdr as ShcJwsHeader, compressedPayload, signature, signingInput });
}
