import { issue } from '../../errors.ts';
import { isJwsDefect, parseCompactJws } from '../../crypto/jws.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

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
export function parseShcJws(text: string): Step<ShcJws> {
  const jws = parseCompactJws(text);
  if (isJwsDefect(jws)) {
    switch (jws.defect) {
      case 'parts':
        return fail(issue('SHC_JWS', `JWS: ${jws.parts} parts, expected 3`, 'jws'));
      case 'base64url':
        return fail(issue('SHC_JWS', 'JWS: a part is not valid base64url', 'jws'));
      case 'header-json':
        return fail(issue('SHC_JWS_HEADER', 'JWS: header is not JSON', 'header'));
      case 'header-object':
        return fail(issue('SHC_JWS_HEADER', 'JWS: header is not a JSON object', 'header'));
    }
  }
  const hdr = jws.header;
  if (hdr['zip'] !== 'DEF') return fail(issue('SHC_ZIP', 'JWS: header zip must be "DEF"', 'zip'));
  if (hdr['alg'] !== 'ES256') {
    return fail(issue('SHC_ALG', `JWS: header alg ${JSON.stringify(hdr['alg'])} is not "ES256"`, 'alg'));
  }
  if (typeof hdr['kid'] !== 'string' || hdr['kid'] === '') {
    return fail(issue('SHC_KID_MISSING', 'JWS: header has no kid', 'kid'));
  }
  return ok({
    header: hdr as ShcJwsHeader,
    compressedPayload: jws.payload,
    signature: jws.signature,
    signingInput: jws.signingInput,
  });
}
