import { issue } from '../../errors.ts';
import {
  CborTag,
  decodeCbor,
  encodeCbor,
  isDepthFailure,
  type CborMap,
  type CborValue,
} from '../../lib/cbor.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

/** COSE tag for COSE_Sign1 (RFC 9052) and CBOR Web Token tag (RFC 8392). */
export const COSE_SIGN1_TAG = 18;
export const CWT_TAG = 61;
const HEADER_ALG = 1;
const HEADER_KID = 4;

/** Deepest CBOR nesting accepted anywhere in a DCC. */
export const DCC_MAX_CBOR_DEPTH = 16;

/** The parts of a COSE_Sign1 message a verifier needs. */
export interface CoseSign1 {
  /** The protected header exactly as signed (a serialized map, possibly empty). */
  protectedBytes: Uint8Array;
  protectedHeader: CborMap;
  unprotectedHeader: CborMap;
  payload: Uint8Array;
  signature: Uint8Array;
  /** Key identifier: protected header first, then unprotected. */
  kid?: Uint8Array;
  /** COSE algorithm number (-7 ES256, -37 PS256): protected header first, then unprotected. */
  alg?: number;
}

function coseIssue(message: string) {
  return issue('DCC_COSE', `COSE: ${message}`, 'cose');
}

/** Decodes CBOR for a DCC layer, mapping failures to DCC_CBOR / DCC_CBOR_TOO_DEEP. */
export function decodeDccCbor(bytes: Uint8Array, field: string): Step<CborValue> {
  const result = decodeCbor(bytes, { maxDepth: DCC_MAX_CBOR_DEPTH });
  if (result.ok) return ok(result.value);
  if (isDepthFailure(result)) {
    return fail(issue('DCC_CBOR_TOO_DEEP', `CBOR: ${field} nests deeper than ${DCC_MAX_CBOR_DEPTH}`, field));
  }
  return fail(
    issue('DCC_CBOR', `CBOR: ${field} is malformed (${result.reason} at byte ${result.offset})`, field),
  );
}

/** Step 4: reads a COSE_Sign1 message, optionally tagged 18 and optionally wrapped in CWT tag 61. */
export function parseCoseSign1(bytes: Uint8Array): Step<CoseSign1> {
  const decoded = decodeDccCbor(bytes, 'cose');
  if (!decoded.ok) return decoded;
  let item = decoded.value;
  if (item instanceof CborTag && item.tag === CWT_TAG) item = item.value;
  if (item instanceof CborTag && item.tag === COSE_SIGN1_TAG) item = item.value;
  if (item instanceof CborTag) return fail(coseIssue(`unexpected CBOR tag ${item.tag}`));
  if (!Array.isArray(item) || item.length !== 4)
    return fail(coseIssue('not a COSE_Sign1 array of 4 elements'));
  const [protectedBytes, unprotectedHeader, payload, signature] = item;
  if (!(protectedBytes instanceof Uint8Array))
    return fail(coseIssue('protected header is not a byte string'));
  if (!(unprotectedHeader instanceof Map)) return fail(coseIssue('unprotected header is not a map'));
  if (!(payload instanceof Uint8Array)) return fail(coseIssue('payload is not a byte string'));
  if (!(signature instanceof Uint8Array)) return fail(coseIssue('signature is not a byte string'));
  let protectedHeader: CborMap = new Map();
  if (protectedBytes.length > 0) {
    const p = decodeDccCbor(protectedBytes, 'cose');
    if (!p.ok) return p;
    if (!(p.value instanceof Map)) return fail(coseIssue('protected header is not a map'));
    protectedHeader = p.value;
  }
  const cose: CoseSign1 = { protectedBytes, protectedHeader, unprotectedHeader, payload, signature };
  for (const header of [protectedHeader, unprotectedHeader]) {
    const kid = header.get(HEADER_KID);
    if (kid !== undefined && !(kid instanceof Uint8Array)) return fail(coseIssue('kid is not a byte string'));
    const alg = header.get(HEADER_ALG);
    if (alg !== undefined && typeof alg !== 'number') return fail(coseIssue('alg is not an integer'));
    if (cose.kid === undefined && kid instanceof Uint8Array) cose.kid = kid;
    if (cose.alg === undefined && typeof alg === 'number') cose.alg = alg;
  }
  return ok(cose);
}

/** The bytes COSE signs: `["Signature1", protected, external_aad = h'', payload]`. */
export function sigStructure(cose: Pick<CoseSign1, 'protectedBytes' | 'payload'>): Uint8Array {
  return encodeCbor(['Signature1', cose.protectedBytes, new Uint8Array(0), cose.payload]);
}
