/**
 * Trust sources other than the OneQR trust list, recognised by content: an EU gateway DSC list
 * (`[{kid, country, certificateType, rawData}]`), an EU DCC revocation list
 * (`[{kid, country, expires, hashType, entries}]`), an SHC issuer key set (`{"keys": […]}`) and
 * an SHC revocation list (`{kid, method, ctr, rids}`). One parser per shape for the CLI's
 * `--trust` and the server's import; every input is hostile: bounded, checked, never thrown.
 */
import { issue, type Issue } from '../errors.ts';
import { b64DecodeOrNull, b64Encode } from '../crypto/base64url.ts';
import { hasPrivateMembers, p256ShapeProblem } from '../crypto/jwk.ts';
import { dccKid } from '../formats/dcc/certificate.ts';
import {
  DCC_REVOCATION_HASH_TYPES,
  type DccRevocationBatch,
  type DccRevocationHashType,
} from '../formats/dcc/revocation.ts';
import { jwkThumbprint } from '../formats/shc/thumbprint.ts';
import type { ShcJwk, ShcKeySource, ShcRevocationList } from '../formats/shc/types.ts';
import { fail, ok, type Step } from '../lib/step.ts';

/** Longest trust source read (a full EU gateway list is ~1 MB). */
export const TRUST_SOURCE_MAX_LENGTH = 4 * 1024 * 1024;
/** Most entries in one DSC list or key set, and rids in one revocation list. */
export const TRUST_SOURCE_MAX_ENTRIES = 20_000;

export type TrustSourceKind =
  'oneqr-trust-list' | 'eu-dsc-list' | 'eu-dcc-revocations' | 'shc-jwks' | 'shc-crl';

/** One DSC of an EU gateway list, its kid checked against its certificate. */
export interface DscEntry {
  kid: string;
  country: string;
  der: Uint8Array;
}

/**
 * An SHC issuer's key set, bound to the issuer URL it is published under (`<iss>/.well-known/
 * jwks.json`): its keys verify only cards whose `iss` is that URL.
 */
export interface ShcIssuerKeys {
  iss: string;
  keys: ShcJwk[];
  crls: ShcRevocationList[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Which kind of trust source `text` is, by content alone. A JSON object that fits two shapes
 * is refused as ambiguous rather than guessed.
 */
export function detectTrustSource(text: string): Step<TrustSourceKind> {
  if (typeof text !== 'string' || text.length > TRUST_SOURCE_MAX_LENGTH) {
    return fail(
      issue('TRUST_SOURCE_TOO_LARGE', `Trust source: longer than ${TRUST_SOURCE_MAX_LENGTH} characters`),
    );
  }
  const t = text.replace(/^\uFEFF/, '').trim();
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(t)) return ok('oneqr-trust-list');
  const json = t.startsWith('[') || t.startsWith('{') ? parseJson(t) : undefined;
  if (Array.isArray(json)) return arrayKind(json);
  if (!isObject(json)) {
    return fail(
      issue(
        'TRUST_SOURCE_UNREADABLE',
        'Trust source: neither a signed OneQR trust list (JWS), an EU DSC list (JSON array), an SHC key set ({"keys": …}) nor an SHC revocation list',
      ),
    );
  }
  const kinds: TrustSourceKind[] = [];
  if ('keys' in json) kinds.push('shc-jwks');
  if ('rids' in json || 'method' in json) kinds.push('shc-crl');
  if ('jws' in json || 'format' in json || 'issuers' in json) kinds.push('oneqr-trust-list');
  if (kinds.length === 1) return ok(kinds[0]!);
  if (kinds.length > 1) {
    return fail(issue('TRUST_SOURCE_AMBIGUOUS', `Trust source: the JSON object fits ${kinds.join(' and ')}`));
  }
  return fail(issue('TRUST_SOURCE_UNREADABLE', 'Trust source: a JSON object of no known trust-source shape'));
}

/**
 * A JSON array is a DSC list or a DCC revocation list, told by its entries' members; one that
 * mixes both shapes is refused. An empty array reads as an (empty) DSC list.
 */
function arrayKind(list: unknown[]): Step<TrustSourceKind> {
  const revocation = list.some((e) => isObject(e) && ('hashType' in e || 'entries' in e));
  const dsc = list.some((e) => isObject(e) && ('rawData' in e || 'certificateType' in e));
  if (revocation && dsc) {
    return fail(
      issue(
        'TRUST_SOURCE_AMBIGUOUS',
        'Trust source: the JSON array mixes DSC entries and revocation batches',
      ),
    );
  }
  return ok(revocation ? 'eu-dcc-revocations' : 'eu-dsc-list');
}

function field(where: string, message: string, name?: string): Issue {
  return issue('TRUST_SOURCE_FIELD', `${where}: ${message}`, name);
}

/**
 * An EU gateway DSC list: each entry's four members are non-empty strings, rawData is base64
 * DER and the kid is its certificate's (first 8 bytes of SHA-256). Entries of another
 * certificateType (CSCA, upload) are checked and left out: only DSCs sign DCCs.
 */
export async function parseDscList(text: string): Promise<Step<DscEntry[]>> {
  const list = parseJson(text.replace(/^\uFEFF/, ''));
  if (!Array.isArray(list)) return fail(issue('TRUST_SOURCE_UNREADABLE', 'EU DSC list: not a JSON array'));
  if (list.length > TRUST_SOURCE_MAX_ENTRIES) {
    return fail(
      issue('TRUST_SOURCE_TOO_LARGE', `EU DSC list: more than ${TRUST_SOURCE_MAX_ENTRIES} entries`),
    );
  }
  const out: DscEntry[] = [];
  for (const [i, entry] of list.entries()) {
    const where = `EU DSC list entry ${i}`;
    if (!isObject(entry)) return fail(field(where, 'must be an object'));
    for (const name of ['kid', 'country', 'certificateType', 'rawData'] as const) {
      if (typeof entry[name] !== 'string' || entry[name] === '') {
        return fail(field(where, `${name} must be a non-empty string`));
      }
    }
    const der = b64DecodeOrNull(entry.rawData as string);
    if (der === null || der.length === 0) return fail(field(where, 'rawData must be base64 (DER)'));
    const kid = await dccKid(der);
    if (kid !== entry.kid) {
      return fail(
        issue(
          'TRUST_SOURCE_KID_MISMATCH',
          `${where}: kid ${JSON.stringify(entry.kid)} is not its certificate's (${kid})`,
        ),
      );
    }
    if ((entry.certificateType as string).toUpperCase() !== 'DSC') continue;
    out.push({ kid, country: entry.country as string, der });
  }
  return ok(out);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An EU DCC revocation list: batches of `{kid, country, expires, hashType, entries}`, kid the
 * base64 of 8 bytes (a DSC's), country two letters, expires an ISO 8601 instant, hashType UCI,
 * COUNTRYCODEUCI or SIGNATURE, and each entry's hash the base64 of 16 bytes. Any bad member
 * refuses the whole list (a half-read list would let revoked certificates through); the issue
 * names the member (`field`: e.g. `[2].entries[5].hash`).
 */
export function parseDccRevocationList(text: string): Step<DccRevocationBatch[]> {
  const list = parseJson(text.replace(/^\uFEFF/, ''));
  const what = 'EU DCC revocation list';
  if (!Array.isArray(list)) return fail(issue('TRUST_SOURCE_UNREADABLE', `${what}: not a JSON array`));
  if (list.length > TRUST_SOURCE_MAX_ENTRIES) {
    return fail(issue('TRUST_SOURCE_TOO_LARGE', `${what}: more than ${TRUST_SOURCE_MAX_ENTRIES} batches`));
  }
  const out: DccRevocationBatch[] = [];
  let total = 0;
  for (const [i, b] of list.entries()) {
    const where = `${what} batch ${i}`;
    const at = (name: string) => `[${i}].${name}`;
    if (!isObject(b)) return fail(field(where, 'must be an object', `[${i}]`));
    const kid = typeof b.kid === 'string' ? b64DecodeOrNull(b.kid) : null;
    if (kid === null || kid.length !== 8) {
      return fail(field(where, 'kid must be the base64 of 8 bytes (a DSC kid)', at('kid')));
    }
    if (typeof b.country !== 'string' || !/^[A-Z]{2}$/.test(b.country)) {
      return fail(field(where, 'country must be a two-letter country code', at('country')));
    }
    if (
      typeof b.expires !== 'string' ||
      !ISO_INSTANT.test(b.expires) ||
      Number.isNaN(Date.parse(b.expires))
    ) {
      return fail(field(where, 'expires must be an ISO 8601 instant', at('expires')));
    }
    if (!DCC_REVOCATION_HASH_TYPES.includes(b.hashType as DccRevocationHashType)) {
      return fail(
        field(where, `hashType must be one of ${DCC_REVOCATION_HASH_TYPES.join(', ')}`, at('hashType')),
      );
    }
    if (!Array.isArray(b.entries)) return fail(field(where, 'entries must be a list', at('entries')));
    total += b.entries.length;
    if (total > TRUST_SOURCE_MAX_ENTRIES) {
      return fail(issue('TRUST_SOURCE_TOO_LARGE', `${what}: more than ${TRUST_SOURCE_MAX_ENTRIES} entries`));
    }
    const entries: { hash: string }[] = [];
    for (const [j, e] of b.entries.entries()) {
      const hash = isObject(e) && typeof e.hash === 'string' ? b64DecodeOrNull(e.hash) : null;
      if (hash === null || hash.length !== 16) {
        const name = at(`entries[${j}].hash`);
        return fail(field(where, `entries[${j}].hash must be the base64 of 16 bytes`, name));
      }
      // Canonical form: the verifier compares b64Encode of its own hash.
      entries.push({ hash: b64Encode(hash) });
    }
    out.push({
      kid: b64Encode(kid),
      country: b.country,
      expires: b.expires,
      hashType: b.hashType as DccRevocationHashType,
      entries,
    });
  }
  return ok(out);
}

const HTTPS_URL = /^https:\/\/\S+$/;

/**
 * An SHC issuer key set: P-256 public keys only, each under the kid that is its RFC 7638
 * thumbprint (a list whose kids lie is refused whole), bound to one issuer URL: the file's `iss`
 * or, for a published `jwks.json` (which names none), `opts.iss` the caller fetched it from. A
 * set bound to no issuer is refused: its keys would vouch for cards naming any issuer (one
 * issuer's key signing as another). A file `iss` other than `opts.iss` is refused too.
 */
export async function parseShcJwks(text: string, opts: { iss?: string } = {}): Promise<Step<ShcIssuerKeys>> {
  const json = parseJson(text.replace(/^\uFEFF/, ''));
  if (!isObject(json) || !Array.isArray(json.keys)) {
    return fail(issue('TRUST_SOURCE_UNREADABLE', 'SHC key set: not {"keys": [...]}'));
  }
  if (json.keys.length > TRUST_SOURCE_MAX_ENTRIES) {
    return fail(issue('TRUST_SOURCE_TOO_LARGE', `SHC key set: more than ${TRUST_SOURCE_MAX_ENTRIES} keys`));
  }
  if (json.iss !== undefined && (typeof json.iss !== 'string' || !HTTPS_URL.test(json.iss))) {
    return fail(field('SHC key set', 'iss, when present, must be an https URL', 'iss'));
  }
  if (opts.iss !== undefined && !HTTPS_URL.test(opts.iss)) {
    return fail(
      field(
        'SHC key set',
        `the issuer given for it (${JSON.stringify(opts.iss)}) must be an https URL`,
        'iss',
      ),
    );
  }
  if (typeof json.iss === 'string' && opts.iss !== undefined && json.iss !== opts.iss) {
    return fail(field('SHC key set', `names issuer ${json.iss}, not ${opts.iss} it was given for`, 'iss'));
  }
  const keys: ShcJwk[] = [];
  for (const [i, key] of json.keys.entries()) {
    const where = `SHC key set key ${i}`;
    if (!isObject(key)) return fail(field(where, 'must be a JWK object'));
    if (hasPrivateMembers(key)) {
      return fail(issue('TRUST_SOURCE_PRIVATE_KEY', `${where}: carries private key material`));
    }
    const problem = p256ShapeProblem(key);
    if (problem) return fail(field(where, problem));
    if (
      key.crlVersion !== undefined &&
      !(Number.isInteger(key.crlVersion) && (key.crlVersion as number) >= 0)
    ) {
      return fail(field(where, 'crlVersion, when present, must be a non-negative integer'));
    }
    const thumbprint = await jwkThumbprint(key as JsonWebKey);
    if (key.kid !== thumbprint) {
      return fail(
        issue('TRUST_SOURCE_KID_MISMATCH', `${where}: kid ${JSON.stringify(key.kid)} is not its thumbprint`),
      );
    }
    keys.push(key as ShcJwk);
  }
  const iss = typeof json.iss === 'string' ? json.iss : opts.iss;
  if (iss === undefined) {
    return fail(
      field(
        'SHC key set',
        'names no issuer: add "iss" (the https URL its jwks.json is published under) or give the issuer with the file',
        'iss',
      ),
    );
  }
  return ok({ iss, keys, crls: [] });
}

/** An SHC revocation list's shape (its rules are checked when a card is verified). */
export function parseShcCrl(text: string): Step<ShcRevocationList> {
  const json = parseJson(text.replace(/^\uFEFF/, ''));
  if (!isObject(json))
    return fail(issue('TRUST_SOURCE_UNREADABLE', 'SHC revocation list: not a JSON object'));
  const where = 'SHC revocation list';
  if (typeof json.kid !== 'string' || json.kid === '') return fail(field(where, 'kid must be a string'));
  if (typeof json.method !== 'string') return fail(field(where, 'method must be a string'));
  if (!Number.isInteger(json.ctr)) return fail(field(where, 'ctr must be an integer'));
  if (!Array.isArray(json.rids) || !json.rids.every((r) => typeof r === 'string')) {
    return fail(field(where, 'rids must be a list of strings'));
  }
  if (json.rids.length > TRUST_SOURCE_MAX_ENTRIES) {
    return fail(issue('TRUST_SOURCE_TOO_LARGE', `${where}: more than ${TRUST_SOURCE_MAX_ENTRIES} rids`));
  }
  return ok({ kid: json.kid, method: json.method, ctr: json.ctr as number, rids: json.rids as string[] });
}

/**
 * Hands each revocation list to the key sets holding its kid (an issuer directory: key sets
 * and `crl/<kid>.json` files side by side). A list no key set claims is reported by kid.
 */
export function attachShcCrls(
  sets: ShcIssuerKeys[],
  crls: ShcRevocationList[],
): { sets: ShcIssuerKeys[]; orphans: string[] } {
  const orphans: string[] = [];
  const out = sets.map((s) => ({ ...s, crls: [...s.crls] }));
  for (const crl of crls) {
    const owners = out.filter((s) => s.keys.some((k) => k.kid === crl.kid));
    if (owners.length === 0) orphans.push(crl.kid);
    for (const s of owners) s.crls.push(crl);
  }
  return { sets: out, orphans };
}

/**
 * A key source over many issuers' key sets. For one kid, the newest revocation list (highest
 * ctr) among the sets that answer for the issuer is the one applied.
 */
export function shcKeySourceFromIssuers(sets: ShcIssuerKeys[]): ShcKeySource {
  // A key answers only for the issuer its set is bound to.
  const answering = (iss: string) => sets.filter((s) => s.iss === iss);
  return {
    lookup(iss, kid) {
      return answering(iss).flatMap((s) => s.keys.filter((k) => k.kid === kid));
    },
    revocations(iss, kid) {
      let best: ShcRevocationList | undefined;
      for (const s of answering(iss))
        for (const crl of s.crls) if (crl.kid === kid && (!best || crl.ctr > best.ctr)) best = crl;
      return best;
    },
  };
}
