import { issue } from '../../errors.ts';
import { DEFAULT_INFLATE_CAP, inflateRaw } from '../../lib/inflate.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

/** Largest inflated payload accepted. */
export const SHC_MAX_INFLATED = DEFAULT_INFLATE_CAP;

export type JsonObject = { [key: string]: unknown };

/** The JWS payload of a SMART Health Card. */
export interface ShcPayload {
  iss: string;
  /** Not before, Unix seconds (may be fractional). */
  nbf: number;
  exp?: number;
  vc: {
    type: string[];
    credentialSubject: { fhirVersion?: string; fhirBundle: JsonObject };
    rid?: string;
  };
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Steps 3–4: raw-inflates the payload (no zlib header) and checks the claims SHC needs. */
export function parseShcPayload(compressed: Uint8Array): Step<ShcPayload> {
  const inflated = inflateRaw(compressed, SHC_MAX_INFLATED);
  if (!inflated.ok) {
    return fail(
      inflated.reason === 'too-large'
        ? issue('SHC_TOO_LARGE', `Payload: inflates past ${SHC_MAX_INFLATED} bytes`, 'payload')
        : issue('SHC_INFLATE', 'Payload: not a valid raw DEFLATE stream', 'payload'),
    );
  }
  const b = inflated.bytes;
  // JSON.parse refuses U+FEFF too; name the producer's mistake rather than report bad JSON.
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return fail(issue('SHC_PAYLOAD_BOM', 'Payload: starts with a byte-order mark (U+FEFF)', 'payload'));
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes));
  } catch {
    return fail(issue('SHC_PAYLOAD_JSON', 'Payload: not UTF-8 JSON', 'payload'));
  }
  if (!isObject(json)) return fail(issue('SHC_PAYLOAD_JSON', 'Payload: not a JSON object', 'payload'));
  const { iss, nbf, exp, vc } = json;
  if (typeof iss !== 'string' || !/^https:\/\/[^\s]+$/.test(iss)) {
    return fail(issue('SHC_ISS', 'Payload: iss is not an https URL', 'iss'));
  }
  if (typeof nbf !== 'number' || !Number.isFinite(nbf)) {
    return fail(issue('SHC_NBF', 'Payload: nbf is not a number of seconds', 'nbf'));
  }
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) {
    return fail(issue('SHC_NBF', 'Payload: exp is not a number of seconds', 'exp'));
  }
  if (!isObject(vc) || !Array.isArray(vc['type']) || !vc['type'].every((t) => typeof t === 'string')) {
    return fail(issue('SHC_VC', 'Payload: vc.type is not a list of strings', 'vc'));
  }
  const subject = vc['credentialSubject'];
  if (!isObject(subject) || !isObject(subject['fhirBundle'])) {
    return fail(issue('SHC_BUNDLE', 'Payload: vc.credentialSubject.fhirBundle is missing', 'fhirBundle'));
  }
  const payload: ShcPayload = {
    iss,
    nbf,
    vc: {
      type: vc['type'] as string[],
      credentialSubject: subject as ShcPayload['vc']['credentialSubject'],
    },
  };
  if (typeof exp === 'number') payload.exp = exp;
  if (typeof vc['rid'] === 'string') payload.vc.rid = vc['rid'];
  return ok(payload);
}
