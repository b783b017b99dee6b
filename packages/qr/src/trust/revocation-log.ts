/**
 * The revocation log (docs/revocations.md): revocations published append-only, in partitions
 * by a hash of the credential id, each partition a hash-chained sequence of root-signed batches.
 * A scanner holds a {@link RevocationReplica} and asks "partition P since sequence S"; the
 * signed trust list carries every partition's head, so a withheld or rolled-back log shows.
 * Pure and isomorphic: the web scanner and the CLI apply deltas offline.
 */
import type { Issue } from '../errors.ts';
import { b64uEncode } from '../crypto/base64url.ts';
import { importPrivateKey } from '../crypto/es256.ts';
import { signCompact } from '../crypto/jws.ts';
import { kidOf } from '../crypto/kid.ts';
import { parseIsoUtc, revocationProblem, REVOCATION_MAX_PARTITIONS } from './validate.ts';
import type { RevocationLogHead, TrustListRevocation, TrustListRevocationLog } from './types.ts';
import type { TrustSource } from './trust-store.ts';
import { entriesOf, fail, intIn, verifyRootSignedJson, type RevocationRoot } from './revocation-jws.ts';
import { verifyRevocationSnapshot } from './revocation-snapshot.ts';

export { revocationRoot, type RevocationRoot } from './revocation-jws.ts';

export const REVOCATION_BATCH_FORMAT = 'oneqr-revocation-batch/1';
export const REVOCATION_BATCH_JWS_TYP = 'oneqr-revocation-batch+jws';
/** Partitions of the platform's log. */
export const REVOCATION_PARTITIONS = 16;
/** Most entries in one batch, and largest batch text accepted (characters). */
export const REVOCATION_BATCH_MAX_ENTRIES = 50_000;
export const REVOCATION_BATCH_MAX_LENGTH = 4 * 1024 * 1024;

/** One signed batch: entries `[qid, before]` of one partition, chained to the batch before. */
export interface RevocationBatch {
  format: typeof REVOCATION_BATCH_FORMAT;
  partition: number;
  /** 1 for a partition's first batch, then +1 each. */
  sequence: number;
  /** {@link batchHash} of the previous batch of the partition; '' for sequence 1. */
  prev: string;
  issuedAt: string;
  entries: [qid: string, before: number][];
}

/**
 * The partition of a credential id: FNV-1a (32-bit) over its UTF-8 bytes, modulo `partitions`.
 * Not cryptographic on purpose: it only spreads ids (the platform assigns them), and it is
 * synchronous and cheap for 10 M ids.
 */
export function partitionOf(qid: string, partitions = REVOCATION_PARTITIONS): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(qid)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** base64url SHA-256 of a batch's JWS text: what the next batch's `prev` and a head's `hash` name. */
export async function batchHash(jws: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(jws.trim()));
  return b64uEncode(new Uint8Array(digest));
}

/** Signs a batch with the root key (the trust list's). */
export async function signRevocationBatch(
  batch: RevocationBatch,
  rootPrivateJwk: JsonWebKey,
): Promise<string> {
  const key = await importPrivateKey(rootPrivateJwk);
  const header = { alg: 'ES256', kid: await kidOf(rootPrivateJwk), typ: REVOCATION_BATCH_JWS_TYP };
  return signCompact(header, JSON.stringify(batch), key);
}

/**
 * The batch that follows `head` in its partition, signed: the one place the chaining rule is
 * written (the platform's writer, tests and the bench all seal through it).
 */
export async function sealRevocationBatch(
  head: RevocationLogHead,
  entries: readonly (readonly [string, number])[],
  issuedAt: Date,
  rootPrivateJwk: JsonWebKey,
): Promise<{ jws: string; head: RevocationLogHead }> {
  const batch: RevocationBatch = {
    format: REVOCATION_BATCH_FORMAT,
    partition: head.partition,
    sequence: head.sequence + 1,
    prev: head.hash,
    issuedAt: issuedAt.toISOString(),
    entries: entries.map(([q, b]) => [q, b]),
  };
  const jws = await signRevocationBatch(batch, rootPrivateJwk);
  return { jws, head: { partition: head.partition, sequence: batch.sequence, hash: await batchHash(jws) } };
}

/** Checks one batch's signature and form (not its place in the chain). */
export async function verifyRevocationBatch(
  jws: string,
  root: RevocationRoot,
): Promise<{ batch: RevocationBatch; hash: string } | { errors: Issue[] }> {
  const r = await verifyRootSignedJson(jws, root, {
    prefix: 'REVOCATION_BATCH',
    typ: REVOCATION_BATCH_JWS_TYP,
    format: REVOCATION_BATCH_FORMAT,
    maxLength: REVOCATION_BATCH_MAX_LENGTH,
    what: 'batch',
  });
  if ('errors' in r) return r;
  const batch = batchProblem(r.value);
  if ('errors' in batch) return batch;
  return { batch: batch.batch, hash: await batchHash(jws) };
}

function batchProblem(b: Record<string, unknown>): { batch: RevocationBatch } | { errors: Issue[] } {
  if (!intIn(b.partition, 0, REVOCATION_MAX_PARTITIONS - 1))
    return fail('REVOCATION_BATCH_FIELD', 'partition must be an integer', 'partition');
  if (!intIn(b.sequence, 1, Number.MAX_SAFE_INTEGER))
    return fail('REVOCATION_BATCH_FIELD', 'sequence must be a positive integer', 'sequence');
  if (typeof b.prev !== 'string' || b.prev.length > 43)
    return fail('REVOCATION_BATCH_FIELD', 'prev must be a batch hash', 'prev');
  if (typeof b.issuedAt !== 'string' || parseIsoUtc(b.issuedAt) === null)
    return fail('REVOCATION_BATCH_FIELD', 'issuedAt must be UTC ISO 8601', 'issuedAt');
  const e = entriesOf(b.entries, REVOCATION_BATCH_MAX_ENTRIES, 'REVOCATION_BATCH');
  if ('errors' in e) return e;
  return {
    batch: {
      format: REVOCATION_BATCH_FORMAT,
      partition: b.partition,
      sequence: b.sequence,
      prev: b.prev,
      issuedAt: b.issuedAt,
      entries: e.entries,
    },
  };
}

/** What {@link RevocationReplica.toJSON} gives. */
export interface RevocationReplicaState {
  partitions: number;
  heads: RevocationLogHead[];
  cutoffs: [qid: string, before: number][];
}

/**
 * A scanner's copy of the revocation log: each partition's head and every cut-off. Every
 * method checks all its input before changing anything: a refused delta leaves it as it was.
 */
export class RevocationReplica {
  readonly partitions: number;
  readonly #heads: RevocationLogHead[];
  readonly #cutoffs = new Map<string, number>();

  constructor(partitions = REVOCATION_PARTITIONS) {
    if (!Number.isSafeInteger(partitions) || partitions < 1 || partitions > REVOCATION_MAX_PARTITIONS)
      throw new RangeError(`partitions must be 1-${REVOCATION_MAX_PARTITIONS}`);
    this.partitions = partitions;
    this.#heads = Array.from({ length: partitions }, (_, partition) => ({
      partition,
      sequence: 0,
      hash: '',
    }));
  }

  /** The head held for a partition (what to ask "since"). */
  head(partition: number): RevocationLogHead {
    return { ...this.#heads[partition]! };
  }

  /** The revocation cut-off (Unix seconds) for a credential id, as {@link TrustStore.revokedBefore}. */
  revokedBefore(qid: string): number | undefined {
    return this.#cutoffs.get(qid);
  }

  /** Number of credential ids with a cut-off. */
  get size(): number {
    return this.#cutoffs.size;
  }

  /**
   * Checks the signed trust list's pointer against what is held. Returns the partitions to sync
   * (held sequence below the list's head), or REVOCATION_LOG_ROLLBACK when the list names an
   * older head than held, or another batch at the held sequence (a fork).
   */
  plan(log: TrustListRevocationLog): { sync: { partition: number; since: number }[] } | { errors: Issue[] } {
    if (log.partitions !== this.partitions)
      return fail(
        'REVOCATION_LOG_PARTITIONS',
        `the log has ${log.partitions} partitions, the replica ${this.partitions}`,
      );
    const sync: { partition: number; since: number }[] = [];
    for (const h of log.heads) {
      const mine = this.#heads[h.partition]!;
      if (h.sequence < mine.sequence || (h.sequence === mine.sequence && h.hash !== mine.hash)) {
        return fail(
          'REVOCATION_LOG_ROLLBACK',
          `partition ${h.partition}: the trust list names sequence ${h.sequence}, the replica holds ${mine.sequence}`,
          `revocationLog.heads[${h.partition}]`,
        );
      }
      if (h.sequence > mine.sequence) sync.push({ partition: h.partition, since: mine.sequence });
    }
    return { sync };
  }

  /**
   * Applies the batches of `partition` that follow the held head, in order. Refused whole when
   * any batch is forged (REVOCATION_BATCH_SIGNATURE_INVALID), of another partition or holds an
   * id of another (REVOCATION_BATCH_PARTITION), already held (REVOCATION_BATCH_REPLAY), leaves
   * a gap (REVOCATION_BATCH_GAP) or does not chain to the one before (REVOCATION_BATCH_CHAIN).
   * `atLeast` (the trust list's head) refuses a delta that stops short of it.
   */
  async apply(
    partition: number,
    batches: readonly string[],
    root: RevocationRoot,
    atLeast?: RevocationLogHead,
  ): Promise<{ head: RevocationLogHead; added: number } | { errors: Issue[] }> {
    const start = this.#heads[partition];
    if (start === undefined) return fail('REVOCATION_BATCH_PARTITION', `no partition ${partition}`);
    const delta = await this.#checkDelta(start, batches, root, atLeast);
    if ('errors' in delta) return delta;
    return this.#commit(
      delta.head,
      delta.checked.flatMap((b) => b.entries),
    );
  }

  /**
   * Applies a snapshot of `partition` and the delta after it (a fresh scanner's first sync:
   * one download per partition instead of every batch). Refused whole when the snapshot is
   * forged (REVOCATION_SNAPSHOT_SIGNATURE_INVALID), of another partition
   * (REVOCATION_SNAPSHOT_PARTITION), older than the held head (REVOCATION_SNAPSHOT_ROLLBACK),
   * or its head is not in the signed chain: ahead of or other than `atLeast` (the trust list's
   * head), other than the held head at the same sequence, or not what the delta's first batch
   * follows (REVOCATION_SNAPSHOT_CHAIN); the delta is checked as {@link apply} checks it.
   */
  async applySnapshot(
    partition: number,
    snapshotJws: string,
    batches: readonly string[],
    root: RevocationRoot,
    atLeast?: RevocationLogHead,
  ): Promise<{ head: RevocationLogHead; added: number } | { errors: Issue[] }> {
    const held = this.#heads[partition];
    if (held === undefined) return fail('REVOCATION_SNAPSHOT_PARTITION', `no partition ${partition}`);
    const r = await verifyRevocationSnapshot(snapshotJws, root);
    if ('errors' in r) return r;
    const snap = r.snapshot;
    if (
      snap.partition !== partition ||
      snap.entries.some(([qid]) => partitionOf(qid, this.partitions) !== partition)
    )
      return fail('REVOCATION_SNAPSHOT_PARTITION', `not a snapshot of partition ${partition}`);
    if (snap.sequence < held.sequence)
      return fail(
        'REVOCATION_SNAPSHOT_ROLLBACK',
        `partition ${partition}: the snapshot covers sequence ${snap.sequence}, the replica holds ${held.sequence}`,
      );
    const chain = (message: string) =>
      fail('REVOCATION_SNAPSHOT_CHAIN', `partition ${partition}: ${message}`);
    if (snap.sequence === held.sequence && snap.hash !== held.hash)
      return chain('the snapshot names another batch at the held sequence');
    if (
      atLeast !== undefined &&
      (snap.sequence > atLeast.sequence || (snap.sequence === atLeast.sequence && snap.hash !== atLeast.hash))
    )
      return chain(
        `the snapshot's head (${snap.sequence}) is not in the trust list's chain (${atLeast.sequence})`,
      );
    const start = { partition, sequence: snap.sequence, hash: snap.hash };
    const delta = await this.#checkDelta(start, batches, root, atLeast);
    if ('errors' in delta) {
      const first = delta.errors[0];
      // The first batch not following the snapshot means the snapshot's head is off the chain.
      if (first?.code === 'REVOCATION_BATCH_CHAIN' && first.field === 'batches[0]')
        return chain("the delta's first batch does not follow the snapshot's head");
      return delta;
    }
    return this.#commit(delta.head, [...snap.entries, ...delta.checked.flatMap((b) => b.entries)]);
  }

  /** Checks a delta from `start` without changing anything (see {@link apply}). */
  async #checkDelta(
    start: RevocationLogHead,
    batches: readonly string[],
    root: RevocationRoot,
    atLeast: RevocationLogHead | undefined,
  ): Promise<{ head: RevocationLogHead; checked: RevocationBatch[] } | { errors: Issue[] }> {
    const partition = start.partition;
    let head = start;
    const checked: RevocationBatch[] = [];
    for (let i = 0; i < batches.length; i++) {
      const r = await verifyRevocationBatch(batches[i]!, root);
      if ('errors' in r) return r;
      const b = r.batch;
      const at = `batches[${i}]`;
      if (
        b.partition !== partition ||
        b.entries.some(([qid]) => partitionOf(qid, this.partitions) !== partition)
      )
        return fail('REVOCATION_BATCH_PARTITION', `${at}: not a batch of partition ${partition}`, at);
      if (b.sequence <= head.sequence)
        return fail(
          'REVOCATION_BATCH_REPLAY',
          `${at}: sequence ${b.sequence} is already held (${head.sequence})`,
          at,
        );
      if (b.sequence !== head.sequence + 1)
        return fail('REVOCATION_BATCH_GAP', `${at}: sequence ${b.sequence} after ${head.sequence}`, at);
      if (b.prev !== head.hash)
        return fail('REVOCATION_BATCH_CHAIN', `${at}: prev does not name the batch before`, at);
      head = { partition, sequence: b.sequence, hash: r.hash };
      checked.push(b);
    }
    if (atLeast !== undefined && head.sequence < atLeast.sequence)
      return fail(
        'REVOCATION_BATCH_GAP',
        `partition ${partition}: delta ends at ${head.sequence}, the trust list at ${atLeast.sequence}`,
      );
    if (atLeast !== undefined && head.sequence === atLeast.sequence && head.hash !== atLeast.hash)
      return fail(
        'REVOCATION_BATCH_CHAIN',
        `partition ${partition}: the delta's last batch is not the trust list's head`,
      );
    return { head, checked };
  }

  /** Takes checked entries and the new head (the only place the replica changes). */
  #commit(
    head: RevocationLogHead,
    entries: readonly (readonly [string, number])[],
  ): { head: RevocationLogHead; added: number } {
    let added = 0;
    for (const [qid, before] of entries) {
      const prev = this.#cutoffs.get(qid);
      if (prev === undefined) added++;
      // A cut-off only rises (as on the platform).
      if (prev === undefined || before > prev) this.#cutoffs.set(qid, before);
    }
    this.#heads[head.partition] = head;
    return { head: { ...head }, added };
  }

  /** The replica as plain JSON, to keep on the device between refreshes. */
  toJSON(): RevocationReplicaState {
    return {
      partitions: this.partitions,
      heads: this.#heads.map((h) => ({ ...h })),
      cutoffs: [...this.#cutoffs],
    };
  }

  /** A replica from {@link toJSON}'s output; null when the state is malformed (start afresh). */
  static fromJSON(state: unknown): RevocationReplica | null {
    const s = state as Partial<RevocationReplicaState> | null;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.heads) || !Array.isArray(s.cutoffs))
      return null;
    let r: RevocationReplica;
    try {
      r = new RevocationReplica(s.partitions);
    } catch {
      return null;
    }
    if (s.heads.length !== r.partitions) return null;
    for (const [i, h] of s.heads.entries()) {
      if (
        h?.partition !== i ||
        !Number.isSafeInteger(h.sequence) ||
        h.sequence < 0 ||
        typeof h.hash !== 'string'
      )
        return null;
      r.#heads[i] = { partition: i, sequence: h.sequence, hash: h.hash };
    }
    for (const e of s.cutoffs) {
      if (!Array.isArray(e) || revocationProblem(e[0], e[1]) !== null) return null;
      r.#cutoffs.set(e[0], e[1]);
    }
    return r;
  }

  /** The replica as a trust source's revocations, to merge with the trust list's keys in a TrustStore. */
  revocations(): TrustListRevocation[] {
    return Array.from(this.#cutoffs, ([qid, before]) => ({ qid, before }));
  }

  /** A TrustSource holding only the revocations (keys come from the trust list). */
  asSource(name = 'oneqr-revocation-log'): TrustSource {
    return { name, keys: [], revocations: this.revocations() };
  }
}
