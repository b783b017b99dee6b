/**
 * The platform's side of the revocation log (docs/revocations.md). A revocation is an appended
 * row (plus one bump of a striped counter), so re-issues of different QIDs do not meet on a row;
 * a small writer seals pending rows into root-signed, hash-chained batches per partition and
 * bumps the trust list once, so the list's heads name them. Scanners fetch "partition P since S".
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  sealRevocationBatch,
  signRevocationSnapshot,
  partitionOf,
  REVOCATION_PARTITIONS,
  REVOCATION_SNAPSHOT_FORMAT,
  type RevocationLogHead,
} from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { lockKey } from '../store/serialise.ts';
import { localChange } from '../store/change-watch.ts';
import { rootKey } from './root-key.ts';
import * as repo from './repository.ts';

/** Rows of the striped change counter (created by migration 0065). */
export const REVOCATION_STRIPES = 64;
/** Most entries one batch takes (a larger backlog becomes several batches). */
export const SEAL_MAX_ENTRIES = 10_000;
/** Most batches one "since" answer returns; the scanner asks again from the last. */
export const BATCHES_PER_PAGE = 100;
/** Where the trust list says the log is (relative to the trust list's own URL). */
export const REVOCATION_LOG_PATH = '/v1/trust-list/revocations';

type Db = Kysely<DB>;

/** Appends one revocation; call inside the transaction that makes it (the QID's lock held). */
export async function appendRevocation(trx: Db, qid: string, before: number, at: number): Promise<void> {
  await trx
    .insertInto('revocation_log')
    .values({
      id: crypto.randomUUID(),
      part: partitionOf(qid),
      qid,
      before_iat: before,
      created_at: at,
      batch_seq: null,
    })
    .execute();
  await trx
    .updateTable('revocation_stripes')
    .set((eb) => ({ appended: eb('appended', '+', 1) }))
    .where('stripe', '=', partitionOf(qid, REVOCATION_STRIPES))
    .execute();
  // This node's trust store watch reads the revision afresh (other nodes within the bound).
  localChange();
}

/** A number that changes with every committed append (the sum of the stripes). */
export async function revocationRevision(db: Db): Promise<number> {
  const row = await db
    .selectFrom('revocation_stripes')
    .select((eb) => eb.fn.sum<number>('appended').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function headOf(db: Db, part: number): Promise<RevocationLogHead> {
  const row = await db
    .selectFrom('revocation_batches')
    .select(['sequence', 'hash'])
    .where('part', '=', part)
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined
    ? { partition: part, sequence: 0, hash: '' }
    : { partition: part, sequence: Number(row.sequence), hash: row.hash };
}

/** Every partition's head, in partition order (what the signed trust list carries). */
export async function revocationHeads(db: Db): Promise<RevocationLogHead[]> {
  const heads: RevocationLogHead[] = [];
  for (let p = 0; p < REVOCATION_PARTITIONS; p++) heads.push(await headOf(db, p));
  return heads;
}

/**
 * Seals the pending revocations of every partition into batches (at most SEAL_MAX_ENTRIES each)
 * and bumps the trust list when any was sealed. Writers of one partition take turns (a lock per
 * partition), so a chain never forks. Returns the number of batches sealed.
 */
export async function sealRevocationBatches(db: Db, now: Date): Promise<number> {
  let sealed = 0;
  for (let part = 0; part < REVOCATION_PARTITIONS; part++) {
    const did = await db.transaction().execute(async (trx) => {
      await lockKey(trx, `revocations:partition:${part}`);
      const pending = await trx
        .selectFrom('revocation_log')
        .select(['id', 'qid', 'before_iat'])
        .where('part', '=', part)
        .where('batch_seq', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .limit(SEAL_MAX_ENTRIES)
        .execute();
      if (pending.length === 0) return false;
      // One entry per QID: the highest cut-off (a scanner keeps the maximum anyway).
      const cut = new Map<string, number>();
      for (const r of pending) cut.set(r.qid, Math.max(cut.get(r.qid) ?? 0, Number(r.before_iat)));
      const root = await rootKey(trx, now);
      const head = await headOf(trx, part);
      const batch = await sealRevocationBatch(head, [...cut], now, root.privateJwk);
      await trx
        .insertInto('revocation_batches')
        .values({
          part,
          sequence: batch.head.sequence,
          hash: batch.head.hash,
          jws: batch.jws,
          entries: cut.size,
          created_at: now.getTime(),
        })
        .execute();
      const ids = pending.map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) {
        await trx
          .updateTable('revocation_log')
          .set({ batch_seq: batch.head.sequence })
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
      }
      await repo.bumpTrustSequence(trx, now.getTime());
      return true;
    });
    if (did) sealed++;
  }
  return sealed;
}

/** The batches of `part` after sequence `since`, oldest first, at most BATCHES_PER_PAGE. */
export async function revocationBatchesSince(db: Db, part: number, since: number): Promise<string[]> {
  const rows = await db
    .selectFrom('revocation_batches')
    .select('jws')
    .where('part', '=', part)
    .where('sequence', '>', since)
    .orderBy('sequence')
    .limit(BATCHES_PER_PAGE)
    .execute();
  return rows.map((r) => r.jws);
}

/**
 * A partition's snapshot is rebuilt once its head is this many batches past the one served (a
 * day of writer runs at the default interval): a fresh scanner then fetches at most that many
 * small batches after it, and a node signs a partition's snapshot at most once per such stretch.
 */
export const SNAPSHOT_REBUILD_AFTER = 288;

interface ServedSnapshot {
  sequence: number;
  snapshot: string;
}
/** Per store and partition, the snapshot served (a promise, so concurrent askers share one build). */
const snapshots = new WeakMap<Db, Map<number, Promise<ServedSnapshot>>>();

/**
 * The signed snapshot of `part`: every cut-off published up to a head at most
 * SNAPSHOT_REBUILD_AFTER batches behind the current one; the delta continues from its sequence.
 */
export async function revocationSnapshot(db: Db, part: number, now: Date): Promise<ServedSnapshot> {
  let byPart = snapshots.get(db);
  if (byPart === undefined) snapshots.set(db, (byPart = new Map()));
  const head = await headOf(db, part);
  const cached = byPart.get(part);
  if (cached !== undefined) {
    const served = await cached.catch(() => undefined);
    if (served !== undefined && head.sequence - served.sequence <= SNAPSHOT_REBUILD_AFTER) return served;
  }
  // Another asker may have started a build meanwhile: share it.
  if (byPart.get(part) !== cached) return revocationSnapshot(db, part, now);
  const build = buildSnapshot(db, head, now);
  byPart.set(part, build);
  build.catch(() => byPart.delete(part));
  return build;
}

async function buildSnapshot(db: Db, head: RevocationLogHead, now: Date): Promise<ServedSnapshot> {
  // Rows of batches up to the head are fixed once that batch committed (same transaction).
  const rows = await db
    .selectFrom('revocation_log')
    .select((eb) => ['qid', eb.fn.max<number>('before_iat').as('before')])
    .where('part', '=', head.partition)
    .where('batch_seq', 'is not', null)
    .where('batch_seq', '<=', head.sequence)
    .groupBy('qid')
    .execute();
  const entries = rows
    .map((r): [string, number] => [r.qid, Number(r.before)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const root = await rootKey(db, now);
  const snapshot = await signRevocationSnapshot(
    {
      format: REVOCATION_SNAPSHOT_FORMAT,
      partition: head.partition,
      sequence: head.sequence,
      hash: head.hash,
      issuedAt: now.toISOString(),
      entries,
    },
    root.privateJwk,
  );
  return { sequence: head.sequence, snapshot };
}

/**
 * Runs the writer every `intervalMs`; returns the stop function. One failed run is logged and
 * the next one retries (pending rows stay pending).
 */
export function scheduleRevocationWriter(
  db: Db,
  intervalMs: number,
  clock: () => Date,
  log: { error: (o: object, msg: string) => void },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sealRevocationBatches(db, clock())
      .catch((err: unknown) => log.error({ err }, 'revocation writer run failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
