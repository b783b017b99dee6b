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
  if (value instanceof Uint8Array) return toBase64(value);
  if (value instanceof CborTag) return cborToJson(value.value);
  if (Array.isArray(value)) return value.map(cborToJson);
  const out: { [key: string]: Json } = {};
  for (const [k, v] of value) out[typeof k === 'string' ? k : String(cborToJson(k))] = cborToJson(v);
  return out;
}

/** Standard base64 (with padding), without Buffer. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s);
}

/** Decodes standard base64; null when malformed. */
export function fromBase64(text: string): Uint8Array | null {
  try {
    const s = atob(text);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
