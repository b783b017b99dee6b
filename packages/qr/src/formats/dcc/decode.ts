import { issue, type Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { base45Decode } from './base45.ts';
import { decompressDcc } from './compression.ts';
import { parseCoseSign1, type CoseSign1 } from './cose.ts';
import { parseCwtClaims, type CwtClaims } from './cwt.ts';
import { toDccFields } from './fields.ts';
import { b64Encode } from '../../crypto/base64url.ts';
import { cborToJson, type Json } from './json.ts';
import { coseAlgName } from './signature.ts';
import type { Step } from '../../lib/step.ts';
import type { DccFields } from './types.ts';
import { unprefixDcc } from './unprefix.ts';

/** Longest `HC1:` text read (a version-40 QR holds 4296 alphanumeric characters). */
export const DCC_MAX_TEXT = 8192;

/** Every layer of a decoded DCC, kept for verification and for schema checks. */
export interface DccLayers {
  base45: string;
  compressed: Uint8Array;
  coseBytes: Uint8Array;
  cose: CoseSign1;
  claims: CwtClaims;
  /** The DCC payload as JSON (what the DCC JSON schema describes). */
  hcert: Json;
}

export interface DccDecoding {
  parsed: Parsed<DccFields>;
  /** Present when every layer decoded. */
  layers?: DccLayers;
}

function failed(errors: Issue[], warnings: Issue[]): DccDecoding {
  return { parsed: { fields: null, errors, warnings } };
}

/**
 * Runs the decoding pipeline (prefix → Base45 → zlib → COSE → CWT → fields), stopping at the
 * first failing step. Never throws.
 */
export function decodeDccLayers(text: string): DccDecoding {
  const warnings: Issue[] = [];
  const take = <T>(step: Step<T>): T | Issue => {
    if (!step.ok) return step.issue;
    if (step.warnings) warnings.push(...step.warnings);
    return step.value;
  };
  const isIssue = (v: unknown): v is Issue =>
    typeof v === 'object' && v !== null && 'code' in v && 'message' in v;
  try {
    if (typeof text !== 'string' || text.length === 0) {
      return failed([issue('INPUT_EMPTY', 'Input: empty text')], warnings);
    }
    if (text.length > DCC_MAX_TEXT) {
      return failed([issue('INPUT_TOO_LONG', `Input: longer than ${DCC_MAX_TEXT} characters`)], warnings);
    }
    // Keyboard-mode scanners append CR/LF; Base45 has no such characters, so dropping them is safe.
    const base45 = take(unprefixDcc(text.replace(/[\r\n]+$/, '')));
    if (isIssue(base45)) return failed([base45], warnings);
    const compressed = take(base45Decode(base45));
    if (isIssue(compressed)) return failed([compressed], warnings);
    const coseBytes = take(decompressDcc(compressed));
    if (isIssue(coseBytes)) return failed([coseBytes], warnings);
    const cose = take(parseCoseSign1(coseBytes));
    if (isIssue(cose)) return failed([cose], warnings);
    const claims = take(parseCwtClaims(cose.payload));
    if (isIssue(claims)) return failed([claims], warnings);
    const hcert = cborToJson(claims.hcert);
    const fields = toDccFields(hcert, claims, warnings);
    const errors: Issue[] = [];
    if (cose.kid === undefined) errors.push(issue('DCC_KID_MISSING', 'COSE: no kid in either header', 'kid'));
    else fields.kid = b64Encode(cose.kid);
    if (cose.alg === undefined) errors.push(issue('DCC_ALG_MISSING', 'COSE: no alg in either header', 'alg'));
    else fields.alg = coseAlgName(cose.alg) ?? String(cose.alg);
    return {
      parsed: { fields, errors, warnings },
      layers: { base45, compressed, coseBytes, cose, claims, hcert },
    };
  } catch {
    return failed([issue('INTERNAL', 'DCC: unexpected failure while decoding')], warnings);
  }
}

/**
 * Decodes an EU Digital COVID Certificate (`HC1:` text) without verifying it.
 *
 * @example
 * const { fields, errors } = decodeDcc(qrText);
 * if (fields) console.log(fields.name.familyName, fields.vaccinations?.[0]?.doseNumber);
 */
export function decodeDcc(text: string): Parsed<DccFields> {
  return decodeDccLayers(text).parsed;
}
