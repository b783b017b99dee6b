/**
 * Issuing personal QR codes (SPEC §2, §2.1): an app asks for its user's QR; the platform checks
 * the claimed identity against the registry, builds the 1405 payload from the registry's data,
 * signs it with the app's current key, records it, and revokes every earlier QR of the QID.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { recordAudit, type AuthClient } from '../access/service.ts';
import { confirmIdentity, ensureQid, findPersonByQid, type Person } from '../registry/service.ts';
import { addRevocation, findKey, signerFor } from '../issuers/service.ts';
import { buildPersonal, signPersonal, OneQRError } from '@oneqr/qr';
import { isTransientConflict, isUniqueViolation, lockKey } from '../store/serialise.ts';
import * as repo from './repository.ts';

/** What an app sends to obtain its user's QR. */
export interface PersonalRequest {
  idNumber: string;
  fullName: string;
  birthDate: string;
  declarationType?: 0 | 1;
  declarerQid?: string;
  gender?: 'male' | 'female' | 'unknown';
  insuranceNumber?: string;
  phone?: string;
}

/** A signed personal QR. */
export interface IssuedPersonal {
  payload: string;
  qid: string;
  kid: string;
  /** Issue time, Unix seconds. */
  iat: number;
  /** Registry fields written into the payload (what the audit record lists). */
  disclosed: string[];
}

/** How far iat may run ahead of the clock when re-issues come faster than one a second. */
export const MAX_IAT_LEAD_SECONDS = 60;

/** Runs of one issue after a deadlock, serialization failure or iat collision before giving up. */
const MAX_ATTEMPTS = 5;

const PURPOSE = 'issue-personal-qr';
const GENDER_CODE = { unknown: 0, male: 1, female: 2 } as const;

/**
 * Checks that need the registry but write nothing; throws the refusal. An app sees a person only
 * once the identity is confirmed, so any mismatch, and a person not in the registry, get one and
 * the same refusal (naming the field would confirm the rest of a guess); the audit keeps why.
 */
async function checkRequest(db: Kysely<DB>, input: PersonalRequest): Promise<Person> {
  const id = await confirmIdentity(db, {
    idNumber: input.idNumber,
    fullName: input.fullName,
    birthDate: input.birthDate,
    gender: input.gender,
  });
  if (!id.confirmed) throw new HttpError('CREDENTIALS_IDENTITY_MISMATCH', undefined, undefined, id.reason);
  const person = id.person;
  const type = input.declarationType ?? 0;
  if (type === 1) {
    if (input.declarerQid === undefined)
      throw new HttpError('CREDENTIALS_DECLARER_REQUIRED', undefined, { field: 'declarerQid' });
    const declarer = await findPersonByQid(db, input.declarerQid);
    if (declarer === undefined)
      throw new HttpError('CREDENTIALS_DECLARER_NOT_FOUND', undefined, { field: 'declarerQid' });
    if (person.declarerQid !== declarer.qid) {
      throw new HttpError('CREDENTIALS_DECLARER_NOT_LINKED', undefined, { field: 'declarerQid' });
    }
  } else if (input.declarerQid !== undefined) {
    throw new HttpError('CREDENTIALS_DECLARER_UNEXPECTED', undefined, { field: 'declarerQid' });
  }
  return person;
}

/** The unsigned payload from the registry's data (name folded by the library). */
function payloadOf(
  person: Person,
  qid: string,
  input: PersonalRequest,
  now: Date,
): { text: string; disclosed: string[] } {
  const gender = person.gender !== 'unknown' ? person.gender : (input.gender ?? 'unknown');
  const declarer = (input.declarationType ?? 0) === 1 ? input.declarerQid : undefined;
  const disclosed = ['idNumber', 'fullName', 'birthDate', 'qid'];
  if (gender !== 'unknown' && person.gender !== 'unknown') disclosed.push('gender');
  if (declarer !== undefined) disclosed.push('declarerQid');
  try {
    const text = buildPersonal(
      {
        documentNumber: person.idNumber,
        fullName: person.fullName,
        birthDate: person.birthDate,
        declarationType: input.declarationType ?? 0,
        qid,
        ...(declarer === undefined ? {} : { declarerQid: declarer }),
        ...(gender === 'unknown' ? {} : { gender: GENDER_CODE[gender] }),
        ...(input.insuranceNumber === undefined ? {} : { insuranceNumber: input.insuranceNumber }),
        ...(input.phone === undefined ? {} : { phone: input.phone }),
      },
      { now },
    );
    return { text, disclosed };
  } catch (err) {
    if (err instanceof OneQRError) {
      throw new HttpError('CREDENTIALS_PAYLOAD_INVALID', err.message, {
        field: err.field ?? null,
        reason: err.code,
      });
    }
    throw err;
  }
}

/** One attempt: everything written in one transaction (credential, revocation, audit). */
async function issueOnce(
  db: Kysely<DB>,
  app: AuthClient & { issuerId: string },
  input: PersonalRequest,
  now: Date,
  route: string,
): Promise<IssuedPersonal> {
  return db.transaction().execute(async (trx) => {
    const person = await checkRequest(trx, input);
    const signer = await signerFor(trx, app.issuerId, 'personal', now);
    const qid = await ensureQid(trx, person.idNumber);
    // Issues of one QID (from any app, on any node) run one after the other: each then reads the
    // iat the previous one committed, and none deadlocks on the supersede/revocation rows.
    await lockKey(trx, `credentials:qid:${qid}`);
    const { text, disclosed } = payloadOf(person, qid, input, now);
    const nowSec = Math.floor(now.getTime() / 1000);
    const last = await repo.lastIatOf(trx, qid);
    // Strictly increasing per QID, so the revocation cut-off below catches every earlier QR.
    const iat = last === undefined ? nowSec : Math.max(nowSec, last + 1);
    if (iat > nowSec + MAX_IAT_LEAD_SECONDS) throw new HttpError('CREDENTIALS_REISSUE_TOO_FREQUENT');
    const payload = await signPersonal(text, signer, iat);
    const superseded = await repo.supersede(trx, qid, now.getTime());
    if (last !== undefined || superseded > 0) await addRevocation(trx, { qid, before: iat }, now);
    await repo.insertCredential(trx, {
      id: `cr_${crypto.randomUUID()}`,
      qid,
      person_id: person.idNumber,
      issuer_id: app.issuerId,
      kid: signer.kid,
      iat,
      payload_sha256: crypto.createHash('sha256').update(payload, 'utf8').digest('hex'),
      status: 'active',
      created_at: now.getTime(),
      superseded_at: null,
    });
    await recordAudit(trx, {
      actor: app,
      personId: person.idNumber,
      fields: disclosed,
      purpose: PURPOSE,
      outcome: 'disclosed',
      route,
      at: now,
    });
    return { payload, qid, kid: signer.kid, iat, disclosed };
  });
}

/**
 * Issues (or re-issues) the personal QR of an app's user. Refusals throw HttpError and are
 * audited as refused (nothing disclosed, nothing written). A re-issue revokes every earlier QR
 * of the QID (from any app): scanners refuse them with CREDENTIAL_REVOKED once they have synced
 * the revocation log (docs/revocations.md); the platform's own scans at once.
 */
export async function issuePersonal(
  db: Kysely<DB>,
  app: AuthClient,
  input: PersonalRequest,
  now: Date,
  route = '/v1/credentials/personal',
): Promise<IssuedPersonal> {
  try {
    if (app.issuerId === undefined) throw new HttpError('CREDENTIALS_APP_UNBOUND');
    // The right is checked before any personal data is read.
    await signerFor(db, app.issuerId, 'personal', now);
    const bound = { ...app, issuerId: app.issuerId };
    for (let attempt = 1; ; attempt++) {
      try {
        return await issueOnce(db, bound, input, now, route);
      } catch (err) {
        // Two issues of one QID raced for the same iat (the loser retries with the next second),
        // or the engine aborted the transaction to break a conflict: run it again.
        if (!(isUniqueViolation(err) || isTransientConflict(err)) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  } catch (err) {
    if (err instanceof HttpError) {
      await recordAudit(db, {
        actor: app,
        personId: input.idNumber,
        fields: [],
        purpose: `${PURPOSE}: ${err.code}${err.auditDetail ? ` (${err.auditDetail})` : ''}`,
        outcome: 'refused',
        route,
        at: now,
      });
    }
    throw err;
  }
}

/** The state of the newest QR an issuer issued for a QID. */
export interface CredentialStatus {
  qid: string;
  kid: string;
  iat: number;
  issuedAt: string;
  /** `superseded`: a newer QR of the QID exists (revoked); `key-revoked`: its signing key was revoked. */
  status: 'active' | 'superseded' | 'key-revoked';
  payloadSha256: string;
}

/** Status of the caller's own newest QR for `qid`; throws CREDENTIALS_NOT_FOUND. */
export async function personalStatus(
  db: Kysely<DB>,
  issuerId: string,
  qid: string,
): Promise<CredentialStatus> {
  const row = await repo.latestByIssuer(db, issuerId, qid);
  if (row === undefined) throw new HttpError('CREDENTIALS_NOT_FOUND');
  const key = await findKey(db, row.kid);
  const status =
    row.status === 'superseded' ? 'superseded' : key?.status === 'revoked' ? 'key-revoked' : 'active';
  return {
    qid: row.qid,
    kid: row.kid,
    iat: Number(row.iat),
    issuedAt: new Date(Number(row.iat) * 1000).toISOString(),
    status,
    payloadSha256: row.payload_sha256,
  };
}
