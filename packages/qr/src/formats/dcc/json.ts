import { b64Encode } from '../../crypto/base64url.ts';
import { CborTag, type CborValue } from '../../lib/cbor.ts';

/** JSON value as the DCC schema sees it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The JSON view of a CBOR item: maps become objects (keys as text), byte strings base64, tags
 * their content (tag 0 date strings and tag 1 epoch numbers both occur in early DCCs).
 */
export function cborToJson(value: CborValue): Json {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Uint8Array) return b64Encode(value);
  if (value instanceof CborTag) return cborToJson(value.value);
  if (Array.isArray(value)) return value.map(cborToJson);
  const out: { [key: string]: Json } = {};
  for (const [k, v] of value) out[typeof k === 'string' ? k : String(cborToJson(k))] = cborToJson(v);
  return out;
}
