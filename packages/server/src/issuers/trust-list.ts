/**
 * The trust list the platform publishes (SPEC §4): every issuer, its keys (public parts) and
 * the heads of the revocation log (docs/revocations.md), signed by the national root key.
 *
 * Key validity (matches @oneqr/qr's verifier): a key's stored `not_after` ends its SIGNING
 * period. It is published as `revokedAt` on an `active` key ("retired: codes issued at or
 * after it are refused"), so codes signed before it stay valid for good, as a national
 * system wants; no `notAfter` (which bounds the verification instant) is published. A key
 * compromised is published `revoked`: every code it signed fails, whenever signed.
 *
 * Caching: a trust_list_state row carries a sequence bumped by every change in the same
 * transaction. A scan reads that one row at most once per staleness bound (store/change-watch.ts,
 * docs/deploy.md), so a revoked key is refused within it on every node; the built TrustStore and the signed list are
 * reused while the sequence is unchanged. The signed list is also kept in the row, so every
 * API node serves the same bytes and ETag; it is re-signed (fresh issuedAt and nextUpdate)
 * after RESIGN_AFTER_MS.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { buildTrustList, REVOCATION_PARTITIONS, signTrustList, TrustStore } from '@oneqr/qr';
import type { IssuerKeyInput, IssuerInput, TrustListDocument } from '@oneqr/qr';
import type { IssuerKeyRow } from './issuers.table.ts';
import { parseRights } from './rights.ts';
import { rootKey } from './root-key.ts';
import * as repo from './repository.ts';
import { changeWatch } from '../store/change-watch.ts';
import { REVOCATION_LOG_PATH, revocationHeads, revocationRevision } from './revocation-log.ts';

/** A published list is re-signed after this long even when nothing changed. */
export const RESIGN_AFTER_MS = 3_600_000;
/** Scanners are told to fetch a new list within this long (TRUST_LIST_STALE after it). */
export const NEXT_UPDATE_MS = 24 * 3_600_000;

const iso = (ms: number): string => new Date(Number(ms)).toISOString();

function toListKey(row: IssuerKeyRow): IssuerKeyInput {
  const key: IssuerKeyInput = { ...(JSON.parse(row.public_jwk) as JsonWebKey), kid: row.kid };
  key.notBefore = iso(row.not_before);
  if (row.status === 'revoked') {
    key.status = 'revoked';
    if (row.revoked_at !== null) key.revokedAt = iso(row.revoked_at);
  } else {
    key.status = 'active';
    if (row.not_after !== null) key.revokedAt = iso(row.not_after);
  }
  return key;
}

/** The trust list document for the store's current state, stamped `issuedAt` (unsigned). */
export async function trustListDocument(
  db: Kysely<DB>,
  issuedAt: Date,
  opts: { nextUpdate?: Date; sequence?: number; revocations?: 'embedded' | 'log' } = {},
): Promise<TrustListDocument> {
  // Sequential on purpose: the sequence is read first, so the content is at least that recent.
  const state = opts.sequence === undefined ? await repo.readTrustState(db) : { sequence: opts.sequence };
  const issuers = await repo.listIssuerRows(db);
  const keys = await repo.listKeyRows(db);
  // The published list points at the revocation log; the platform's own store embeds them.
  const published = opts.revocations === 'log';
  const revocations = published ? [] : await repo.listRevocationRows(db);
  const revocationLog = published
    ? { url: REVOCATION_LOG_PATH, partitions: REVOCATION_PARTITIONS, heads: await revocationHeads(db) }
    : undefined;
  const list: IssuerInput[] = issuers
    .filter((it) => parseRights(it.rights).length > 0)
    .map((it) => ({
      id: it.id,
      name: it.name,
      rights: parseRights(it.rights),
      keys: keys.filter((k) => k.issuer_id === it.id).map(toListKey),
    }));
  return buildTrustList({
    issuers: list,
    ...(published
      ? { revocationLog }
      : { revocations: revocations.map((r) => ({ qid: r.qid, before: Number(r.before_iat) })) }),
    issuedAt,
    ...(opts.nextUpdate === undefined ? {} : { nextUpdate: opts.nextUpdate }),
    sequence: state.sequence,
  });
}

interface CacheEntry {
  storeSequence?: string;
  store?: Promise<TrustStore>;
  signed?: { etag: string; body: string };
}

// Keyed by database handle: one entry per store (and short-lived ones per transaction).
const cache = new WeakMap<object, CacheEntry>();

function entryOf(db: Kysely<DB>): CacheEntry {
  let e = cache.get(db);
  if (e === undefined) {
    e = {};
    cache.set(db, e);
  }
  return e;
}

/**
 * The TrustStore the platform verifies with: rebuilt only when the trust list changed (one
 * small query per call to learn the sequence). `now` is unused while the list has not
 * changed: validity is judged by the verifier at its own instant.
 */
export async function currentTrustStore(db: Kysely<DB>, now: Date): Promise<TrustStore> {
  // Inside a transaction the state is read there; otherwise at most once per staleness bound.
  // Revocations no longer bump the list's sequence: the log's revision joins the cache key.
  const read = async () => ({ ...(await repo.readTrustState(db)), revision: await revocationRevision(db) });
  const {
    sequence: listSequence,
    changedAt,
    revision,
  } = db.isTransaction ? await read() : await changeWatch(db, 'trust-list', read).current();
  const sequence = `${listSequence}:${revision}`;
  const e = entryOf(db);
  if (e.store === undefined || e.storeSequence !== sequence) {
    const stamp = changedAt > 0 ? new Date(changedAt) : now;
    const built = trustListDocument(db, stamp, { sequence: listSequence }).then((doc) =>
      TrustStore.from([doc]),
    );
    e.store = built;
    e.storeSequence = sequence;
    built.catch(() => {
      if (e.store === built) e.store = undefined;
    });
  }
  return e.store;
}

/**
 * The signed trust list (a JWS compact string, see @oneqr/qr trust-list.ts) and its strong
 * ETag `"<rootKid>-<sequence>-<hash>"`. Signed anew when the list changed, the root key
 * changed, or the last signature is older than RESIGN_AFTER_MS.
 */
export async function signedTrustList(db: Kysely<DB>, now: Date): Promise<{ body: string; etag: string }> {
  const meta = await repo.readSignedMeta(db);
  const root = await rootKey(db, now);
  const e = entryOf(db);
  const fresh =
    meta.etag !== null &&
    meta.signedSequence === meta.sequence &&
    meta.signedAt !== null &&
    now.getTime() - meta.signedAt < RESIGN_AFTER_MS &&
    meta.etag.startsWith(`"${root.kid}-`);
  if (fresh) {
    if (e.signed?.etag === meta.etag) return e.signed;
    const body = await repo.readSignedBody(db, meta.etag!);
    if (body !== undefined) {
      e.signed = { etag: meta.etag!, body };
      return e.signed;
    }
  }
  const doc = await trustListDocument(db, now, {
    nextUpdate: new Date(now.getTime() + NEXT_UPDATE_MS),
    sequence: meta.sequence,
    revocations: 'log',
  });
  const body = await signTrustList(doc, root.privateJwk);
  const hash = crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16);
  const etag = `"${root.kid}-${meta.sequence}-${hash}"`;
  await repo.storeSignedList(db, { sequence: meta.sequence, signedAt: now.getTime(), etag, body });
  e.signed = { etag, body };
  return e.signed;
}
