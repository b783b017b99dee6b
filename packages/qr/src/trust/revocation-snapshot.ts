/**
 * A revocation snapshot (docs/revocations.md): every current cut-off of one partition in one
 * root-signed JWS, naming the head (sequence and hash) of the batches it covers. A fresh scanner
 * downloads one snapshot per partition and then the delta after its head, instead of every
 * batch since the first; {@link RevocationReplica.applySnapshot} checks it against the chain.
 */
import type { Issue } from '../errors.ts';
import { b64uDecodeOrNull, b64uEncode } from '../crypto/base64url.ts';
import { importPrivateKey } from '../crypto/es256.ts';
import { signCompact } from '../crypto/jws.ts';
import { kidOf } from '../crypto/kid.ts';
import { parseIsoUtc, REVOCATION_MAX_PARTITIONS } from './validate.ts';
import { entriesOf, fail, intIn, verifyRootSignedJson, type RevocationRoot } from './revocation-jws.ts';
import { packEntries, unpackEntries } from './revocation-packed.ts';

export const REVOCATION_SNAPSHOT_FORMAT = 'oneqr-revocation-snapshot/1';
export const REVOCATION_SNAPSHOT_JWS_TYP = 'oneqr-revocation-snapshot+jws';
/**
 * Most entries in one snapshot and largest snapshot text accepted (characters): 10 M
 * revocations over 16 partitions are ~625 000 entries, ~27 MB, per partition.
 */
export const REVOCATION_SNAPSHOT_MAX_ENTRIES = 4_000_000;
export const REVOCATION_SNAPSHOT_MAX_LENGTH = 192 * 1024 * 1024;

/** Every cut-off of one partition as of batch `sequence` (whose hash is `hash`). */
export interface RevocationSnapshot {
  format: typeof REVOCATION_SNAPSHOT_FORMAT;
  partition: number;
  /** The last batch covered (0 and '' for an empty partition); the delta continues after it. */
  sequence: number;
  hash: string;
  issuedAt: string;
  /** One entry per id, the highest cut-off, sorted by id. */
  entries: [qid: string, before: number][];
}

/**
 * Signs a snapshot with the root key (the trust list's). The entries travel packed
 * (revocation-packed.ts, `"packed": "<base64url>"` in place of `"entries"`) when every id is a
 * decimal below 2^64, unless `form` is 'json'.
 */
export async function signRevocationSnapshot(
  snapshot: RevocationSnapshot,
  rootPrivateJwk: JsonWebKey,
  form: 'packed' | 'json' = 'packed',
): Promise<string> {
  const key = await importPrivateKey(rootPrivateJwk);
  const header = { alg: 'ES256', kid: await kidOf(rootPrivateJwk), typ: REVOCATION_SNAPSHOT_JWS_TYP };
  const packed = form === 'packed' ? packEntries(snapshot.entries) : null;
  const { entries, ...rest } = snapshot;
  const wire = packed === null ? { ...rest, entries } : { ...rest, packed: b64uEncode(packed) };
  return signCompact(header, JSON.stringify(wire), key);
}

/** The entries of a snapshot payload: `entries` pairs, or `packed` bytes (exactly one of them). */
function snapshotEntries(s: Record<string, unknown>): { entries: [string, number][] } | { errors: Issue[] } {
  if (s.packed === undefined)
    return entriesOf(s.entries, REVOCATION_SNAPSHOT_MAX_ENTRIES, 'REVOCATION_SNAPSHOT');
  const bytes = typeof s.packed === 'string' && s.entries === undefined ? b64uDecodeOrNull(s.packed) : null;
  if (bytes === null)
    return fail('REVOCATION_SNAPSHOT_FIELD', 'packed must be base64url, in place of entries', 'packed');
  const entries = unpackEntries(bytes, REVOCATION_SNAPSHOT_MAX_ENTRIES);
  return typeof entries === 'string' ? fail('REVOCATION_SNAPSHOT_FIELD', entries, 'packed') : { entries };
}

/** Checks a snapshot's signature and form (not its place in the chain). */
export async function verifyRevocationSnapshot(
  jws: string,
  root: RevocationRoot,
): Promise<{ snapshot: RevocationSnapshot } | { errors: Issue[] }> {
  const r = await verifyRootSignedJson(jws, root, {
    prefix: 'REVOCATION_SNAPSHOT',
    typ: REVOCATION_SNAPSHOT_JWS_TYP,
    format: REVOCATION_SNAPSHOT_FORMAT,
    maxLength: REVOCATION_SNAPSHOT_MAX_LENGTH,
    what: 'snapshot',
  });
  if ('errors' in r) return r;
  const s = r.value;
  if (!intIn(s.partition, 0, REVOCATION_MAX_PARTITIONS - 1))
    return fail('REVOCATION_SNAPSHOT_FIELD', 'partition must be an integer', 'partition');
  if (!intIn(s.sequence, 0, Number.MAX_SAFE_INTEGER))
    return fail('REVOCATION_SNAPSHOT_FIELD', 'sequence must be a non-negative integer', 'sequence');
  if (typeof s.hash !== 'string' || s.hash.length > 43 || (s.hash === '') !== (s.sequence === 0))
    return fail('REVOCATION_SNAPSHOT_FIELD', "hash must be a batch hash ('' for sequence 0)", 'hash');
  if (typeof s.issuedAt !== 'string' || parseIsoUtc(s.issuedAt) === null)
    return fail('REVOCATION_SNAPSHOT_FIELD', 'issuedAt must be UTC ISO 8601', 'issuedAt');
  const e = snapshotEntries(s);
  if ('errors' in e) return e;
  return {
    snapshot: {
      format: REVOCATION_SNAPSHOT_FORMAT,
      partition: s.partition,
      sequence: s.sequence,
      hash: s.hash,
      issuedAt: s.issuedAt,
      entries: e.entries,
    },
  };
}
