/**
 * What revocation batches and snapshots share (docs/revocations.md): both are JWS compact strings
 * signed by the trust list's root key, with a JSON payload of `[qid, before]` entries. The
 * checks live here once; each kind reports under its own code prefix.
 */
import { issue, type ErrorCode, type Issue } from '../errors.ts';
import { isJwsDefect, parseCompactJws } from '../crypto/jws.ts';
import { importVerifyKey, verifyWith, type VerifyKey } from '../crypto/verify-key.ts';
import { kidOf } from '../crypto/kid.ts';
import { revocationProblem } from './validate.ts';

/** A root key ready to check batches and snapshots: import once, check many. */
export interface RevocationRoot {
  kid: string;
  key: VerifyKey;
}

/** Imports the root public key; null when it is no P-256 public key. */
export async function revocationRoot(rootPublicJwk: JsonWebKey): Promise<RevocationRoot | null> {
  try {
    const key = await importVerifyKey({ jwk: rootPublicJwk }, 'ES256');
    return key === null ? null : { kid: await kidOf(rootPublicJwk), key };
  } catch {
    return null;
  }
}

export const fail = (code: ErrorCode, message: string, field?: string): { errors: Issue[] } => ({
  errors: [issue(code, message, field)],
});

export type RevocationCodePrefix = 'REVOCATION_BATCH' | 'REVOCATION_SNAPSHOT';

/**
 * The JSON object payload of a root-signed JWS of header `typ` whose `format` is `format`, or
 * the `<prefix>_…` issue.
 */
export async function verifyRootSignedJson(
  jws: string,
  root: RevocationRoot,
  kind: { prefix: RevocationCodePrefix; typ: string; format: string; maxLength: number; what: string },
): Promise<{ value: Record<string, unknown> } | { errors: Issue[] }> {
  const { prefix, typ, format, maxLength, what } = kind;
  if (typeof jws !== 'string' || jws.length > maxLength)
    return fail(`${prefix}_SYNTAX`, `${what} must be text of at most ${maxLength} characters`);
  const parts = parseCompactJws(jws.trim());
  if (isJwsDefect(parts)) return fail(`${prefix}_SYNTAX`, `${what} is not a JWS compact string`);
  const h = parts.header;
  if (h.alg !== 'ES256' || h.typ !== typ || h.crit !== undefined)
    return fail(`${prefix}_HEADER`, `JWS header must be alg ES256, typ ${typ}, no crit`);
  if (h.kid !== root.kid || !(await verifyWith(root.key, parts.signature, parts.signingInput)))
    return fail(`${prefix}_SIGNATURE_INVALID`, `the root signature of the ${what} does not verify`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(parts.payload));
  } catch {
    return fail(`${prefix}_SYNTAX`, 'JWS payload is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(`${prefix}_FIELD`, `${what} must be a JSON object`);
  const o = value as Record<string, unknown>;
  if (o.format !== format) return fail(`${prefix}_FIELD`, `format must be ${format}`, 'format');
  return { value: o };
}

/** `entries` as `[qid, before]` pairs (at most `max`), or the `<prefix>_FIELD` issue. */
export function entriesOf(
  raw: unknown,
  max: number,
  prefix: RevocationCodePrefix,
): { entries: [string, number][] } | { errors: Issue[] } {
  if (!Array.isArray(raw) || raw.length > max)
    return fail(`${prefix}_FIELD`, `entries must be a list of at most ${max}`, 'entries');
  const entries: [string, number][] = [];
  for (let i = 0; i < raw.length; i++) {
    const e: unknown = raw[i];
    const pair = Array.isArray(e) && e.length === 2 ? (e as unknown[]) : null;
    const bad = pair === null ? { message: 'must be [qid, before]' } : revocationProblem(pair[0], pair[1]);
    if (bad !== null) return fail(`${prefix}_FIELD`, `entries[${i}]: ${bad.message}`, `entries[${i}]`);
    entries.push([pair![0] as string, pair![1] as number]);
  }
  return { entries };
}

/** A safe integer within [min, max]. */
export const intIn = (x: unknown, min: number, max: number): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= min && x <= max;
