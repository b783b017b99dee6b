/**
 * The issuers domain's exported functions: registered apps, their keys, revocation and the
 * signed trust list. First argument: the Kysely db or a transaction. Time is passed in.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { isIssuerId } from '@oneqr/qr';
import { HttpError } from '../errors.ts';
import type { IssuerRow } from './issuers.table.ts';
import {
  OVERLAP_DAYS,
  insertNewKey,
  keyView,
  privateJwkOf,
  requireKey,
  signingKeyOf,
  type IssuerKeyView,
} from './keys.ts';
import { isRight, parseRights, serialiseRights, type Right } from './rights.ts';
import * as repo from './repository.ts';
import { appendRevocation } from './revocation-log.ts';

export { currentTrustStore, signedTrustList, trustListDocument } from './trust-list.ts';
export { rootKey, type RootKey } from './root-key.ts';
export {
  revocationBatchesSince,
  revocationHeads,
  revocationSnapshot,
  SNAPSHOT_REBUILD_AFTER,
  scheduleRevocationWriter,
  sealRevocationBatches,
} from './revocation-log.ts';
export { OVERLAP_DAYS, type IssuerKeyView } from './keys.ts';
export { unreadableKeys, unreadableReason, wrapPlainKeys, type WrapResult } from './key-wrap.ts';
export { RIGHTS, type Right } from './rights.ts';
// The one envelope for private keys at rest, also the passport domain's DSC keys.
export { masterKeyFromEnv, openPrivateJwk, sealPrivateJwk } from './key-envelope.ts';

/** A registered issuing app, with its keys (public parts only). */
export interface Issuer {
  id: string;
  name: string;
  rights: Right[];
  status: 'active' | 'suspended';
  createdAt: string;
  keys: IssuerKeyView[];
}

/** Runs `fn` in a transaction, or inside the caller's when `db` already is one. */
function inTransaction<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Issuer ids and names as the trust list format accepts them (the id rule is @oneqr/qr's). */
function issuerInputProblem(input: { id: string; name: string; rights: readonly string[] }) {
  if (!isIssuerId(input.id)) {
    return {
      field: 'id',
      message: 'id must be 1-64 characters of A-Z a-z 0-9 . _ - (starting with a letter or digit)',
    };
  }
  // eslint-disable-next-line no-control-regex
  if (input.name.trim() === '' || input.name.length > 200 || /[\u0000-\u001f\u007f]/.test(input.name)) {
    return { field: 'name', message: 'name must be 1-200 printable characters' };
  }
  if (input.rights.length === 0 || !input.rights.every(isRight)) {
    return {
      field: 'rights',
      message: 'rights must be a non-empty list of personal, venue, vaccine, declaration',
    };
  }
  return null;
}

function toIssuer(row: IssuerRow, keys: IssuerKeyView[]): Issuer {
  return {
    id: row.id,
    name: row.name,
    rights: parseRights(row.rights),
    status: row.status === 'suspended' ? 'suspended' : 'active',
    createdAt: new Date(Number(row.created_at)).toISOString(),
    keys,
  };
}

/**
 * Registers an issuing app with its rights and generates its first signing key.
 * Throws ISSUERS_ALREADY_EXISTS when the id is taken.
 */
export function createIssuer(
  db: Kysely<DB>,
  input: { id: string; name: string; rights: readonly Right[] },
  now: Date,
): Promise<Issuer> {
  const problem = issuerInputProblem(input);
  if (problem !== null)
    return Promise.reject(new HttpError('ISSUERS_INVALID', problem.message, { field: problem.field }));
  return inTransaction(db, async (trx) => {
    if ((await repo.findIssuerRow(trx, input.id)) !== undefined) {
      throw new HttpError('ISSUERS_ALREADY_EXISTS', `An issuer with id ${input.id} already exists`);
    }
    const row: IssuerRow = {
      id: input.id,
      name: input.name,
      rights: serialiseRights(input.rights),
      status: 'active',
      created_at: now.getTime(),
    };
    await repo.insertIssuerRow(trx, row);
    const key = await insertNewKey(trx, input.id, now);
    await repo.bumpTrustSequence(trx, now.getTime());
    return toIssuer(row, [keyView(key)]);
  });
}

/** One issuer with its keys (newest first), or undefined. */
export async function getIssuer(db: Kysely<DB>, id: string): Promise<Issuer | undefined> {
  const row = await repo.findIssuerRow(db, id);
  if (row === undefined) return undefined;
  return toIssuer(row, (await repo.listKeyRows(db, id)).map(keyView));
}

/** Every issuer with its keys, by id. */
export async function listIssuers(db: Kysely<DB>): Promise<Issuer[]> {
  const rows = await repo.listIssuerRows(db);
  const keys = await repo.listKeyRows(db);
  return rows.map((r) => toIssuer(r, keys.filter((k) => k.issuer_id === r.id).map(keyView)));
}

/**
 * Rotates an issuer's key: a new active key signs from now on, and every older active key's
 * signing period ends at now + overlapDays (so apps still holding it keep producing valid
 * QRs meanwhile). QRs already signed by an old key stay valid: its notAfter bounds the issue
 * time (iat), not the scan time. Throws ISSUERS_NOT_FOUND.
 */
export function rotateIssuerKey(
  db: Kysely<DB>,
  issuerId: string,
  now: Date,
  opts: { overlapDays?: number } = {},
): Promise<{ key: IssuerKeyView; issuer: Issuer }> {
  const overlapMs = Math.max(0, opts.overlapDays ?? OVERLAP_DAYS.default) * 86_400_000;
  return inTransaction(db, async (trx) => {
    // Serialises rotations of one issuer: a concurrent one would not see this new key and
    // leave two unbounded current keys.
    await repo.lockIssuerRow(trx, issuerId);
    const row = await repo.findIssuerRow(trx, issuerId);
    if (row === undefined) throw new HttpError('ISSUERS_NOT_FOUND', `No issuer with id ${issuerId}`);
    const key = await insertNewKey(trx, issuerId, now);
    await repo.boundOtherKeys(trx, issuerId, key.kid, now.getTime() + overlapMs);
    await repo.bumpTrustSequence(trx, now.getTime());
    return { key: keyView(key), issuer: toIssuer(row, (await repo.listKeyRows(trx, issuerId)).map(keyView)) };
  });
}

/**
 * Revokes a key (compromise): every QR it signed, whenever, fails verification once scanners
 * hold the new trust list. Throws ISSUERS_KEY_NOT_FOUND or ISSUERS_KEY_ALREADY_REVOKED.
 */
export function revokeKey(db: Kysely<DB>, kid: string, now: Date): Promise<IssuerKeyView> {
  return inTransaction(db, async (trx) => {
    const row = await requireKey(trx, kid);
    // Checked again by the update itself: a concurrent revocation may have committed meanwhile.
    if (row.status === 'revoked' || !(await repo.markKeyRevoked(trx, kid, now.getTime())))
      throw new HttpError('ISSUERS_KEY_ALREADY_REVOKED', `Key ${kid} is already revoked`);
    await repo.bumpTrustSequence(trx, now.getTime());
    return keyView({ ...row, status: 'revoked', revoked_at: now.getTime() });
  });
}

/**
 * Revokes every code of `qid` issued before `before` (Unix seconds). The cut-off only rises.
 * `now` stamps the change (default: the cut-off instant). Appended to the revocation log (no
 * row shared by all revocations); the writer publishes it in the next batch of its partition.
 */
export function addRevocation(
  db: Kysely<DB>,
  input: { qid: string; before: number },
  now?: Date,
): Promise<void> {
  const at = now?.getTime() ?? input.before * 1000;
  return inTransaction(db, async (trx) => {
    await repo.raiseRevocation(trx, input.qid, input.before, at);
    await appendRevocation(trx, input.qid, input.before, at);
  });
}

/**
 * The key an issuer signs `right` codes with at `now`: its newest active key in its signing
 * period. Throws ISSUERS_NOT_FOUND, ISSUERS_SUSPENDED, ISSUERS_RIGHT_MISSING or ISSUERS_NO_ACTIVE_KEY.
 */
export async function signerFor(
  db: Kysely<DB>,
  issuerId: string,
  right: Right,
  now: Date,
): Promise<{ kid: string; privateJwk: JsonWebKey }> {
  const row = await repo.findIssuerRow(db, issuerId);
  if (row === undefined) throw new HttpError('ISSUERS_NOT_FOUND', `No issuer with id ${issuerId}`);
  if (row.status !== 'active') throw new HttpError('ISSUERS_SUSPENDED', `Issuer ${issuerId} is suspended`);
  if (!parseRights(row.rights).includes(right)) {
    throw new HttpError('ISSUERS_RIGHT_MISSING', `Issuer ${issuerId} does not hold the '${right}' right`, {
      right,
    });
  }
  const key = signingKeyOf(await repo.listKeyRows(db, issuerId), now);
  if (key === undefined)
    throw new HttpError('ISSUERS_NO_ACTIVE_KEY', `Issuer ${issuerId} has no active signing key`);
  return { kid: key.kid, privateJwk: privateJwkOf(key) };
}

/** One key's public view (any issuer), or undefined. */
export async function findKey(db: Kysely<DB>, kid: string): Promise<IssuerKeyView | undefined> {
  const row = await repo.findKeyRow(db, kid);
  return row === undefined ? undefined : keyView(row);
}
