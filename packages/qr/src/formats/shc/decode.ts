import { issue, type Issue } from '../../errors.ts';
import type { Parsed } from '../../types.ts';
import { toShcFields } from './fields.ts';
import { parseShcJws, type ShcJws } from './jws.ts';
import { decodeShcNumeric } from './numeric.ts';
import { parseShcPayload, type ShcPayload } from './payload.ts';
import { isShcRid } from './revocation.ts';
import type { ShcFields } from './types.ts';

/** Longest input read: a numeric SHC QR holds at most ~4,300 digits; a JWS file entry may be longer. */
export const SHC_MAX_TEXT = 32 * 1024;

export interface ShcLayers {
  jwsText: string;
  jws: ShcJws;
  payload: ShcPayload;
}

export interface ShcDecoding {
  parsed: Parsed<ShcFields>;
  layers?: ShcLayers;
}

/**
 * Runs the decoding pipeline (numeric → JWS → inflate → JSON → fields). Accepts the QR text
 * (`shc:/…`) or a bare compact JWS (as in a `.smart-health-card` file). Never throws.
 */
export function decodeShcLayers(text: string): ShcDecoding {
  const warnings: Issue[] = [];
  const failed = (e: Issue): ShcDecoding => ({ parsed: { fields: null, errors: [e], warnings } });
  try {
    if (typeof text !== 'string' || text.length === 0)
      return failed(issue('INPUT_EMPTY', 'Input: empty text'));
    if (text.length > SHC_MAX_TEXT) {
      return failed(issue('INPUT_TOO_LONG', `Input: longer than ${SHC_MAX_TEXT} characters`));
    }
    const input = text.replace(/[\r\n]+$/, '');
    let jwsText = input;
    if (!/^ey[A-Za-z0-9_-]*\./.test(input)) {
      const numeric = decodeShcNumeric(input);
      if (!numeric.ok) return failed(numeric.issue);
      if (numeric.warnings) warnings.push(...numeric.warnings);
      jwsText = numeric.value;
    }
    const jws = parseShcJws(jwsText);
    if (!jws.ok) return failed(jws.issue);
    const payload = parseShcPayload(jws.value.compressedPayload);
    if (!payload.ok) return failed(payload.issue);
    const fields = toShcFields(payload.value, jws.value.header.kid, warnings);
    const rid = payload.value.vc.rid;
    if (rid !== undefined && !isShcRid(rid)) {
      warnings.push(issue('SHC_RID', 'Payload: vc.rid must be base64url, at most 24 characters', 'rid'));
    }
    return {
      parsed: { fields, errors: [], warnings },
      layers: { jwsText, jws: jws.value, payload: payload.value },
    };
  } catch {
    return failed(issue('INTERNAL', 'SHC: unexpected failure while decoding'));
  }
}

/**
 * Decodes a SMART Health Card without verifying it.
 *
 * @example
 * const { fields } = decodeShc('shc:/5676290952432060346029243740...');
 * fields?.immunizations.map((i) => `${i.date} CVX ${i.vaccineCode}`);
 */
export function decodeShc(text: string): Parsed<ShcFields> {
  return decodeShcLayers(text).parsed;
}
