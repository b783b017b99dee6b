/** Queries over the issuers domain's own tables. Callers pass `db` or a transaction. */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { localChange } from '../store/change-watch.ts';
import type { IssuerKeyRow, IssuerRow, TrustRevocationRow } from './issuers.table.ts';

type Db = Kysely<DB>;

export function findIssuerRow(db: Db, id: string): Promise<IssuerRow | undefined> {
  return db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listIssuerRows(db: Db): Promise<IssuerRow[]> {
  return db.selectFrom('issuers').selectAll().orderBy('id').execute();
}

export async function insertIssuerRow(db: Db, row: IssuerRow): Promise<void> {
  await db.insertInto('issuers').values(row).execute();
}

export async function insertKeyRow(db: Db, row: IssuerKeyRow): Promise<void> {
  await db.insertInto('issuer_keys').values(row).execute();
}

export function findKeyRow(db: Db, kid: string): Promise<IssuerKeyRow | undefined> {
  return db.selectFrom('issuer_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
}

/** All keys, newest first per issuer (kid breaks ties so the order is total on both engines). */
export function listKeyRows(db: Db, issuerId?: string): Promise<IssuerKeyRow[]> {
  let q = db.selectFrom('issuer_keys').selectAll();
  if (issuerId !== undefined) q = q.where('issuer_id', '=', issuerId);
  return q.orderBy('issuer_id').orderBy('created_at', 'desc').orderBy('kid', 'desc').execute();
}

/** Ends the signing period of every other unbounded active key of the issuer at `notAfter`. */
export async function boundOtherKeys(
  db: Db,
  issuerId: string,
  exceptKid: string,
  notAfter: number,
): Promise<void> {
  await db
    .updateTable('issuer_keys')
    .set({ not_after: notAfter })
    .where('issuer_id', '=', issuerId)
    .where('kid', '!=', exceptKid)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('not_after', 'is', null), eb('not_after', '>', notAfter)]))
    .execute();
}

/** Revokes an active key; false when it was revoked meanwhile (a concurrent request won). */
export async function markKeyRevoked(db: Db, kid: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('issuer_keys')
    .set({ status: 'revoked', revoked_at: at })
    .where('kid', '=', kid)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Locks the issuer's row until the transaction ends (a no-op update: portable, unlike FOR
 * UPDATE), so concurrent key changes of one issuer run one after the other and each sees the
 * keys the other committed. False when there is no such issuer.
 */
export async function lockIssuerRow(db: Db, id: string): Promise<boolean> {
  const r = await db
    .updateTable('issuers')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Raises the revocation cut-off of a QID (never lowers it). */
export async function raiseRevocation(db: Db, qid: string, before: number, at: number): Promise<void> {
  await db
    .insertInto('trust_revocations')
    .values({ qid, before_iat: before, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('qid')
        .doUpdateSet({ before_iat: before, updated_at: at })
        .where('trust_revocations.before_iat', '<', before),
    )
    .execute();
}

export function listRevocationRows(db: Db): Promise<TrustRevocationRow[]> {
  return db.selectFrom('trust_revocations').selectAll().orderBy('qid').execute();
}

/** The trust list's sequence and the instant of its last change. */
export async function readTrustState(db: Db): Promise<{ sequence: number; changedAt: number }> {
  const row = await db
    .selectFrom('trust_list_state')
    .select(['sequence', 'changed_at'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return { sequence: Number(row?.sequence ?? 0), changedAt: Number(row?.changed_at ?? 0) };
}

/** Marks a change of the trust list; call inside the transaction that makes the change. */
export async function bumpTrustSequence(db: Db, at: number): Promise<void> {
  // This node's trust store re-reads the sequence until the change has surely committed.
  localChange();
  await db
    .updateTable('trust_list_state')
    .set((eb) => ({ sequence: eb('sequence', '+', 1), changed_at: at }))
    .where('id', '=', 1)
    .execute();
}

/** The last signed list's metadata (not its body). */
export async function readSignedMeta(db: Db): Promise<{
  sequence: number;
  signedSequence: number | null;
  signedAt: number | null;
  etag: string | null;
}> {
  const row = await db
    .selectFrom('trust_list_state')
    .select(['sequence', 'signed_sequence', 'signed_at', 'signed_etag'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    sequence: Number(row?.sequence ?? 0),
    signedSequence: num(row?.signed_sequence),
    signedAt: num(row?.signed_at),
    etag: row?.signed_etag ?? null,
  };
}

export async function readSignedBody(db: Db, etag: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('trust_list_state')
    .select('signed_body')
    .where('id', '=', 1)
    .where('signed_etag', '=', etag)
    .executeTakeFirst();
  return row?.signed_body ?? undefined;
}

/** Publishes a signed list unless the trust list changed meanwhile (then the next caller re-signs). */
export async function storeSignedList(
  db: Db,
  signed: { sequence: number; signedAt: number; etag: string; body: string },
): Promise<void> {
  await db
    .updateTable('trust_list_state')
    .set({
      signed_sequence: signed.sequence,
      signed_at: signed.signedAt,
      signed_etag: signed.etag,
      signed_body: signed.body,
    })
    .where('id', '=', 1)
    .where('sequence', '=', signed.sequence)
    .execute();
}
