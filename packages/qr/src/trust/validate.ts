/**
 * Validation of a trust list document read from anywhere (hostile input): every member is
 * checked, private key material refused, every kid recomputed. Returns a clean copy holding
 * only the known members, or every problem found (up to a bound).
 */
import { issue, type ErrorCode, type Issue } from '../errors.ts';
import { hasPrivateMembers, minimalPublicJwk, p256ShapeProblem } from '../crypto/jwk.ts';
import { KID_PATTERN, kidOf } from '../crypto/kid.ts';
import { isIssuerId } from '../identity.ts';
import {
  RIGHTS,
  TRUST_LIST_FORMAT,
  type KeyStatus,
  type Right,
  type TrustListDocument,
  type TrustListIssuer,
  type TrustListKey,
  type TrustListRevocation,
  type TrustListRevocationLog,
  type RevocationLogHead,
} from './types.ts';

const MAX_ERRORS = 50;
/** UTC only, seconds required: one spelling per instant, no time-zone guessing. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Milliseconds of a strict UTC ISO 8601 string, or null (also for impossible dates like 02-30). */
export function parseIsoUtc(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_UTC.exec(value);
  if (m === null) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const same =
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() + 1 === Number(m[2]) &&
    d.getUTCDate() === Number(m[3]) &&
    d.getUTCHours() === Number(m[4]) &&
    d.getUTCMinutes() === Number(m[5]) &&
    d.getUTCSeconds() === Number(m[6]);
  return same ? ms : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects issues, stopping the walk once the bound is reached. */
class Problems {
  readonly list: Issue[] = [];
  add(code: ErrorCode, message: string, field: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push(issue(code, `${field}: ${message}`, field));
  }
  get full(): boolean {
    return this.list.length >= MAX_ERRORS;
  }
}

function isoMember(p: Problems, obj: Record<string, unknown>, name: string, at: string, required: boolean) {
  const v = obj[name];
  if (v === undefined && !required) return undefined;
  const ms = parseIsoUtc(v);
  if (ms === null) {
    p.add(
      'TRUST_LIST_FIELD',
      'must be a UTC ISO 8601 time like 2025-01-01T00:00:00Z',
      at ? `${at}.${name}` : name,
    );
    return undefined;
  }
  return { text: new Date(ms).toISOString(), ms };
}

async function validateKey(
  p: Problems,
  raw: unknown,
  at: string,
  seen: Set<string>,
): Promise<TrustListKey | null> {
  if (!isObject(raw)) {
    p.add('TRUST_LIST_FIELD', 'must be an object', at);
    return null;
  }
  const jwk = raw.jwk;
  if (!isObject(jwk)) {
    p.add('TRUST_LIST_FIELD', 'jwk must be an object', `${at}.jwk`);
    return null;
  }
  if (hasPrivateMembers(jwk)) {
    p.add(
      'TRUST_LIST_PRIVATE_KEY',
      'holds private key material; a trust list carries public keys only',
      `${at}.jwk`,
    );
    return null;
  }
  const shape = p256ShapeProblem(jwk);
  if (shape !== null) {
    p.add('TRUST_LIST_KEY_INVALID', `not a P-256 public key (${shape})`, `${at}.jwk`);
    return null;
  }
  const pub = minimalPublicJwk(jwk as JsonWebKey);
  let computed: string;
  try {
    computed = await kidOf(pub);
  } catch {
    p.add('TRUST_LIST_KEY_INVALID', 'the point is not on the P-256 curve', `${at}.jwk`);
    return null;
  }
  const kid = raw.kid;
  if (typeof kid !== 'string' || !KID_PATTERN.test(kid)) {
    p.add('TRUST_LIST_FIELD', 'kid must be 8 base64url characters', `${at}.kid`);
    return null;
  }
  if (kid !== computed) {
    p.add('TRUST_LIST_KID_MISMATCH', `kid ${kid} is not the key's kid ${computed}`, `${at}.kid`);
    return null;
  }
  const material = `${pub.x}.${pub.y}`;
  if (seen.has(material)) {
    p.add('TRUST_LIST_DUPLICATE_KEY', `key ${kid} is listed more than once`, at);
    return null;
  }
  seen.add(material);
  const status = raw.status;
  if (status !== 'active' && status !== 'revoked') {
    p.add('TRUST_LIST_FIELD', 'status must be "active" or "revoked"', `${at}.status`);
    return null;
  }
  const notBefore = isoMember(p, raw, 'notBefore', at, false);
  const notAfter = isoMember(p, raw, 'notAfter', at, false);
  const revokedAt = isoMember(p, raw, 'revokedAt', at, false);
  if (notBefore !== undefined && notAfter !== undefined && notBefore.ms >= notAfter.ms) {
    p.add('TRUST_LIST_VALIDITY_RANGE', 'notBefore must be before notAfter', `${at}.notBefore`);
  }
  const key: TrustListKey = { kid, jwk: pub, status: status as KeyStatus };
  if (notBefore !== undefined) key.notBefore = notBefore.text;
  if (notAfter !== undefined) key.notAfter = notAfter.text;
  if (revokedAt !== undefined) key.revokedAt = revokedAt.text;
  return key;
}

async function validateIssuer(
  p: Problems,
  raw: unknown,
  at: string,
  ids: Set<string>,
  seen: Set<string>,
): Promise<TrustListIssuer | null> {
  if (!isObject(raw)) {
    p.add('TRUST_LIST_FIELD', 'must be an object', at);
    return null;
  }
  const { id, name, rights, keys } = raw;
  if (typeof id !== 'string' || !isIssuerId(id)) {
    p.add('TRUST_LIST_FIELD', 'id must be 1-64 characters of A-Z a-z 0-9 . _ -', `${at}.id`);
  } else if (ids.has(id)) {
    p.add('TRUST_LIST_DUPLICATE_ISSUER', `issuer id ${id} appears more than once`, `${at}.id`);
  } else {
    ids.add(id);
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200 || CONTROL.test(name)) {
    p.add('TRUST_LIST_FIELD', 'name must be 1-200 printable characters', `${at}.name`);
  }
  const goodRights: Right[] = [];
  if (!Array.isArray(rights) || rights.length === 0 || rights.length > RIGHTS.length) {
    p.add('TRUST_LIST_FIELD', `rights must be a non-empty list of ${RIGHTS.join(', ')}`, `${at}.rights`);
  } else {
    for (const r of rights) {
      if (!(RIGHTS as readonly unknown[]).includes(r)) {
        p.add('TRUST_LIST_RIGHT_UNKNOWN', `unknown right ${JSON.stringify(r)?.slice(0, 40)}`, `${at}.rights`);
      } else if (goodRights.includes(r as Right)) {
        p.add('TRUST_LIST_FIELD', `right ${String(r)} is listed twice`, `${at}.rights`);
      } else {
        goodRights.push(r as Right);
      }
    }
  }
  const goodKeys: TrustListKey[] = [];
  if (!Array.isArray(keys) || keys.length > 1000) {
    p.add('TRUST_LIST_FIELD', 'keys must be a list of at most 1000 keys', `${at}.keys`);
  } else {
    for (let i = 0; i < keys.length && !p.full; i++) {
      const k = await validateKey(p, keys[i], `${at}.keys[${i}]`, seen);
      if (k !== null) goodKeys.push(k);
    }
  }
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  return { id, name, rights: goodRights, keys: goodKeys };
}

function validateRevocations(p: Problems, raw: unknown): TrustListRevocation[] {
  const out: TrustListRevocation[] = [];
  if (!Array.isArray(raw)) {
    p.add('TRUST_LIST_FIELD', 'must be a list', 'revocations');
    return out;
  }
  for (let i = 0; i < raw.length && !p.full; i++) {
    const r: unknown = raw[i];
    const at = `revocations[${i}]`;
    if (!isObject(r)) {
      p.add('TRUST_LIST_FIELD', 'must be an object', at);
      continue;
    }
    const { qid, before } = r;
    const bad = revocationProblem(qid, before);
    if (bad !== null) p.add('TRUST_LIST_FIELD', bad.message, `${at}.${bad.member}`);
    else out.push({ qid: qid as string, before: before as number });
  }
  return out;
}

/** Most partitions a revocation log may have (docs/revocations.md). */
export const REVOCATION_MAX_PARTITIONS = 256;
const SHA256_B64U = /^[A-Za-z0-9_-]{43}$/;

function validateRevocationLog(p: Problems, raw: unknown): TrustListRevocationLog | undefined {
  const at = 'revocationLog';
  if (!isObject(raw)) {
    p.add('TRUST_LIST_FIELD', 'must be an object', at);
    return undefined;
  }
  const { url, partitions, heads } = raw;
  // An absolute path is resolved against the trust list's own URL.
  if (typeof url !== 'string' || !/^(https?:\/\/[!-~]{1,2000}|\/[!-~]{0,2000})$/.test(url)) {
    p.add('TRUST_LIST_FIELD', 'url must be an http(s) URL or an absolute path', `${at}.url`);
    return undefined;
  }
  if (
    typeof partitions !== 'number' ||
    !Number.isSafeInteger(partitions) ||
    partitions < 1 ||
    partitions > REVOCATION_MAX_PARTITIONS
  ) {
    p.add(
      'TRUST_LIST_FIELD',
      `partitions must be an integer 1-${REVOCATION_MAX_PARTITIONS}`,
      `${at}.partitions`,
    );
    return undefined;
  }
  if (!Array.isArray(heads) || heads.length !== partitions) {
    p.add('TRUST_LIST_FIELD', 'heads must list one head per partition', `${at}.heads`);
    return undefined;
  }
  const out: RevocationLogHead[] = [];
  for (let i = 0; i < heads.length; i++) {
    const h: unknown = heads[i];
    const hat = `${at}.heads[${i}]`;
    if (!isObject(h) || h.partition !== i) {
      p.add('TRUST_LIST_FIELD', `must be an object with partition ${i}`, hat);
      return undefined;
    }
    const { sequence, hash } = h;
    if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) {
      p.add('TRUST_LIST_FIELD', 'sequence must be a non-negative integer', `${hat}.sequence`);
      return undefined;
    }
    if (typeof hash !== 'string' || (sequence === 0 ? hash !== '' : !SHA256_B64U.test(hash))) {
      p.add('TRUST_LIST_FIELD', 'hash must be a base64url SHA-256 ("" at sequence 0)', `${hat}.hash`);
      return undefined;
    }
    out.push({ partition: i, sequence, hash });
  }
  return { url, partitions, heads: out };
}

/**
 * The one rule for a revocation entry (trust list and revocation log alike): `qid` 1-80
 * printable characters (a QID, or `venue:<venueId>`), `before` Unix seconds. Null when good.
 */
export function revocationProblem(
  qid: unknown,
  before: unknown,
): { member: 'qid' | 'before'; message: string } | null {
  if (typeof qid !== 'string' || qid === '' || qid.length > 80 || CONTROL.test(qid))
    return { member: 'qid', message: 'qid must be 1-80 printable characters' };
  if (typeof before !== 'number' || !Number.isSafeInteger(before) || before < 0)
    return { member: 'before', message: 'before must be Unix seconds (a non-negative integer)' };
  return null;
}

/**
 * Checks a trust list document (already JSON-parsed) and returns a clean copy, or the errors.
 *
 * @example const r = await validateTrustListDocument(JSON.parse(text)); if ('errors' in r) …
 */
export async function validateTrustListDocument(
  value: unknown,
): Promise<{ document: TrustListDocument } | { errors: Issue[] }> {
  const p = new Problems();
  if (!isObject(value)) return { errors: [issue('TRUST_LIST_FIELD', 'the document must be a JSON object')] };
  if (value.format !== TRUST_LIST_FORMAT) {
    const got = JSON.stringify(value.format)?.slice(0, 40) ?? 'nothing';
    return {
      errors: [
        issue(
          'TRUST_LIST_FORMAT_UNSUPPORTED',
          `format: expected "${TRUST_LIST_FORMAT}", got ${got}`,
          'format',
        ),
      ],
    };
  }
  const issuedAt = isoMember(p, value, 'issuedAt', '', true);
  const nextUpdate = isoMember(p, value, 'nextUpdate', '', false);
  if (issuedAt !== undefined && nextUpdate !== undefined && nextUpdate.ms <= issuedAt.ms) {
    p.add('TRUST_LIST_FIELD', 'nextUpdate must be after issuedAt', 'nextUpdate');
  }
  const sequence = value.sequence;
  if (typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 0) {
    p.add('TRUST_LIST_FIELD', 'sequence must be a non-negative integer', 'sequence');
  }
  const issuers: TrustListIssuer[] = [];
  if (!Array.isArray(value.issuers) || value.issuers.length > 10_000) {
    p.add('TRUST_LIST_FIELD', 'issuers must be a list of at most 10000 issuers', 'issuers');
  } else {
    const ids = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < value.issuers.length && !p.full; i++) {
      const it = await validateIssuer(p, value.issuers[i], `issuers[${i}]`, ids, seen);
      if (it !== null) issuers.push(it);
    }
  }
  const revocations = value.revocations === undefined ? undefined : validateRevocations(p, value.revocations);
  const revocationLog =
    value.revocationLog === undefined ? undefined : validateRevocationLog(p, value.revocationLog);
  if (p.list.length > 0 || issuedAt === undefined) return { errors: p.list };
  const document: TrustListDocument = {
    format: TRUST_LIST_FORMAT,
    issuedAt: issuedAt.text,
    ...(nextUpdate === undefined ? {} : { nextUpdate: nextUpdate.text }),
    sequence: sequence as number,
    issuers,
    ...(revocations === undefined ? {} : { revocations }),
    ...(revocationLog === undefined ? {} : { revocationLog }),
  };
  return { document };
}
