/**
 * Citizen sign-in (issue 10): a one-time code to a phone, then a citizen session; the account is
 * linked to a registry person after the registry confirms the identity. The code is kept only as a
 * salted hash; each challenge allows a few wrong codes, each phone a few challenges an hour, and
 * one answer covers every kind of wrong code so nothing is learnt from a refusal.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { isUniqueViolation } from '../store/serialise.ts';
import { HttpError } from '../errors.ts';
import { confirmIdentity, type Person } from '../registry/service.ts';
import { getIssuer } from '../issuers/service.ts';
import type { AuthClient } from './roles.ts';
import { hashToken, randomToken } from './secrets.ts';
import { recordAudit } from './audit.ts';
import type { OtpSender } from './otp-sender.ts';

/** Limits of the sign-in flow (from Config). */
export interface OtpPolicy {
  ttlSeconds: number;
  maxAttempts: number;
  resendSeconds: number;
  perPhonePerHour: number;
  sessionTtlSeconds: number;
}

/** Session tokens carry this prefix so authentication knows which table holds them. */
export const SESSION_PREFIX = 'cs_';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Failed identity confirmations allowed per account per day. */
export const LINK_MAX_FAILURES = 5;

/**
 * A Vietnamese mobile number in national form (0 + 9 digits), from what people type:
 * `0944 713 700`, `+84 944713700`, `84-944-713-700`. Undefined when it is not one.
 */
export function normalisePhone(input: string): string | undefined {
  const compact = input.replace(/[\s.()-]/g, '');
  const national = compact.startsWith('+84')
    ? `0${compact.slice(3)}`
    : /^84\d{9}$/.test(compact)
      ? `0${compact.slice(2)}`
      : compact;
  return /^0[35789]\d{8}$/.test(national) ? national : undefined;
}

const codeHash = (salt: string, code: string): string =>
  crypto.createHash('sha256').update(`${salt}:${code}`, 'utf8').digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Six random digits, uniformly (crypto.randomInt has no modulo bias). */
const newCode = (): string => crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');

/** An issuing app a citizen may sign in through: active, with the right to issue personal QRs. */
async function requireCitizenApp(db: Kysely<DB>, issuerId: string): Promise<void> {
  const issuer = await getIssuer(db, issuerId);
  if (!issuer || issuer.status !== 'active' || !issuer.rights.includes('personal')) {
    throw new HttpError('ACCESS_APP_UNKNOWN', undefined, { field: 'app' });
  }
}

/**
 * Starts a sign-in: sends a fresh code to `phoneInput` unless the phone asked too recently or too
 * often. The answer is the same whether or not the phone has an account.
 */
export async function requestOtp(
  db: Kysely<DB>,
  sender: OtpSender,
  input: { phone: string; app: string },
  policy: OtpPolicy,
  now: Date,
): Promise<{ challengeId: string; expiresIn: number; resendAfter: number }> {
  const phone = normalisePhone(input.phone);
  if (phone === undefined) throw new HttpError('ACCESS_PHONE_INVALID', undefined, { field: 'phone' });
  await requireCitizenApp(db, input.app);
  const at = now.getTime();
  const recent = await db
    .selectFrom('citizen_otps')
    .select(['created_at'])
    .where('phone', '=', phone)
    .where('created_at', '>', at - HOUR)
    .orderBy('created_at', 'desc')
    .execute();
  const last = recent[0] ? Number(recent[0].created_at) : undefined;
  if (last !== undefined && at - last < policy.resendSeconds * 1000) {
    const wait = Math.ceil((last + policy.resendSeconds * 1000 - at) / 1000);
    throw new HttpError('ACCESS_OTP_TOO_SOON', `Wait ${wait} s before asking for another code`, {
      retryAfter: wait,
    });
  }
  if (recent.length >= policy.perPhonePerHour) {
    throw new HttpError('ACCESS_OTP_LIMIT', undefined, { retryAfter: 3600 });
  }
  const code = newCode();
  const salt = randomToken(16);
  const challengeId = `ot_${randomToken(16)}`;
  const expiresAt = at + policy.ttlSeconds * 1000;
  await db
    .insertInto('citizen_otps')
    .values({
      id: challengeId,
      phone,
      issuer_id: input.app,
      code_hash: codeHash(salt, code),
      salt,
      attempts: 0,
      created_at: at,
      expires_at: expiresAt,
      consumed_at: null,
    })
    .execute();
  try {
    await sender.send({ phone, code, issuerId: input.app, expiresAt: new Date(expiresAt) });
  } catch {
    // Not delivered: burn the challenge so it cannot be answered, and tell the caller plainly.
    await db.updateTable('citizen_otps').set({ consumed_at: at }).where('id', '=', challengeId).execute();
    throw new HttpError('ACCESS_OTP_UNDELIVERED');
  }
  return { challengeId, expiresIn: policy.ttlSeconds, resendAfter: policy.resendSeconds };
}

/**
 * Answers a challenge. Each answer first takes one attempt (an atomic conditional update), so
 * parallel guesses cannot exceed the limit; a right code is consumed once. Every refusal is the
 * same ACCESS_OTP_INVALID (unknown, expired, used up or wrong), with the attempts left.
 */
export async function verifyOtp(
  db: Kysely<DB>,
  input: { challengeId: string; code: string },
  policy: OtpPolicy,
  now: Date,
): Promise<{ accessToken: string; expiresIn: number; linked: boolean }> {
  const at = now.getTime();
  const taken = await db
    .updateTable('citizen_otps')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', input.challengeId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', at)
    .where('attempts', '<', policy.maxAttempts)
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1)
    throw new HttpError('ACCESS_OTP_INVALID', undefined, { attemptsLeft: 0 });
  const row = await db
    .selectFrom('citizen_otps')
    .selectAll()
    .where('id', '=', input.challengeId)
    .executeTakeFirstOrThrow();
  const code = /^\d{6}$/.test(input.code) ? input.code : '';
  if (code === '' || !sameHash(codeHash(row.salt, code), row.code_hash)) {
    throw new HttpError('ACCESS_OTP_INVALID', undefined, {
      attemptsLeft: Math.max(0, policy.maxAttempts - Number(row.attempts)),
    });
  }
  return db.transaction().execute(async (trx) => {
    const consumed = await trx
      .updateTable('citizen_otps')
      .set({ consumed_at: at })
      .where('id', '=', row.id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    // A second request with the same right code lost the race: it gets nothing.
    if (Number(consumed.numUpdatedRows) !== 1)
      throw new HttpError('ACCESS_OTP_INVALID', undefined, { attemptsLeft: 0 });
    let account = await trx
      .selectFrom('citizen_accounts')
      .selectAll()
      .where('phone', '=', row.phone)
      .executeTakeFirst();
    if (!account) {
      account = {
        id: `ca_${randomToken(12)}`,
        phone: row.phone,
        person_id: null,
        created_at: at,
        linked_at: null,
        link_failures: 0,
        link_window_at: null,
      };
      await trx.insertInto('citizen_accounts').values(account).execute();
    }
    const accessToken = `${SESSION_PREFIX}${randomToken(32)}`;
    // Housekeeping: the account's expired sessions go.
    await trx
      .deleteFrom('citizen_sessions')
      .where('account_id', '=', account.id)
      .where('expires_at', '<=', at)
      .execute();
    await trx
      .insertInto('citizen_sessions')
      .values({
        token_hash: hashToken(accessToken),
        account_id: account.id,
        issuer_id: row.issuer_id,
        created_at: at,
        expires_at: at + policy.sessionTtlSeconds * 1000,
      })
      .execute();
    return { accessToken, expiresIn: policy.sessionTtlSeconds, linked: account.person_id !== null };
  });
}

/** The citizen a session token stands for, or null (unknown or expired). */
export async function authenticateSession(
  db: Kysely<DB>,
  token: string,
  now: Date,
): Promise<AuthClient | null> {
  const row = await db
    .selectFrom('citizen_sessions')
    .innerJoin('citizen_accounts', 'citizen_accounts.id', 'citizen_sessions.account_id')
    .select(['citizen_accounts.id', 'citizen_accounts.person_id', 'citizen_sessions.issuer_id'])
    .where('citizen_sessions.token_hash', '=', hashToken(token))
    .where('citizen_sessions.expires_at', '>', now.getTime())
    .executeTakeFirst();
  if (!row) return null;
  const client: AuthClient = {
    id: row.id,
    name: `citizen app (${row.issuer_id})`,
    role: 'citizen',
    issuerId: row.issuer_id,
  };
  if (row.person_id !== null) client.personId = row.person_id;
  return client;
}

/** Ends one session (sign out). */
export async function endSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('citizen_sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** The signed-in account behind a citizen caller, or undefined for a client-credentials citizen. */
export async function findAccount(
  db: Kysely<DB>,
  accountId: string,
): Promise<{ id: string; phone: string; personId: string | null } | undefined> {
  const row = await db
    .selectFrom('citizen_accounts')
    .select(['id', 'phone', 'person_id'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row && { id: row.id, phone: row.phone, personId: row.person_id };
}

const LINK_PURPOSE = 'link citizen account';

/**
 * Links the signed-in account to the registry person it claims to be. The registry confirms the
 * id number, name and birth date (its one identity check); when the registry holds a phone it must
 * be the signed-in one; a person links to one account only. Every failure is the same
 * ACCESS_IDENTITY_NOT_CONFIRMED (naming the wrong field would confirm the others), counted
 * against the account (LINK_MAX_FAILURES a day), and audited under the id number claimed so the
 * person sees the attempt.
 */
export async function linkPerson(
  db: Kysely<DB>,
  citizen: AuthClient,
  claim: { idNumber: string; fullName: string; birthDate: string },
  now: Date,
  route: string,
): Promise<Person> {
  const at = now.getTime();
  const account = await findAccount(db, citizen.id);
  if (!account) throw new HttpError('ACCESS_SESSION_REQUIRED');
  const row = await db
    .selectFrom('citizen_accounts')
    .select(['link_failures', 'link_window_at'])
    .where('id', '=', account.id)
    .executeTakeFirstOrThrow();
  const windowOpen = row.link_window_at !== null && at - Number(row.link_window_at) < DAY;
  if (windowOpen && Number(row.link_failures) >= LINK_MAX_FAILURES) {
    throw new HttpError('ACCESS_LINK_LOCKED', undefined, {
      retryAfter: Math.ceil((Number(row.link_window_at) + DAY - at) / 1000),
    });
  }
  const id = await confirmIdentity(db, {
    idNumber: claim.idNumber.trim(),
    fullName: claim.fullName,
    birthDate: claim.birthDate,
  });
  const person = id.confirmed ? id.person : undefined;
  if (account.personId !== null) {
    if (person && account.personId === person.idNumber) return person;
    throw new HttpError('ACCESS_ALREADY_LINKED');
  }
  const holder =
    person &&
    (await db
      .selectFrom('citizen_accounts')
      .select('id')
      .where('person_id', '=', person.idNumber)
      .executeTakeFirst());
  const confirmed =
    person !== undefined &&
    (person.phone === null || normalisePhone(person.phone) === account.phone) &&
    holder === undefined;
  if (!confirmed) {
    // A fresh window on the first failure after a day; the counter and the audit in one go.
    await db
      .updateTable('citizen_accounts')
      .set(
        windowOpen
          ? (eb) => ({ link_failures: eb('link_failures', '+', 1) })
          : { link_failures: 1, link_window_at: at },
      )
      .where('id', '=', account.id)
      .execute();
    await recordAudit(db, {
      actor: citizen,
      // Under the id number claimed when it names a registered person, so that person sees it.
      personId: id.confirmed || id.reason !== 'not-found' ? claim.idNumber.trim() : null,
      fields: [],
      purpose: `${LINK_PURPOSE}: ACCESS_IDENTITY_NOT_CONFIRMED`,
      outcome: 'refused',
      route,
      at: now,
    });
    throw new HttpError('ACCESS_IDENTITY_NOT_CONFIRMED');
  }
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('citizen_accounts')
        .set({ person_id: person.idNumber, linked_at: at, link_failures: 0, link_window_at: null })
        .where('id', '=', account.id)
        .where('person_id', 'is', null)
        .execute();
      await recordAudit(trx, {
        actor: { ...citizen, personId: person.idNumber },
        personId: person.idNumber,
        fields: ['idNumber', 'fullName', 'birthDate'],
        purpose: LINK_PURPOSE,
        outcome: 'disclosed',
        route,
        at: now,
      });
    });
  } catch (err) {
    // Two accounts raced for one person: the unique index let one through.
    if (isUniqueViolation(err)) throw new HttpError('ACCESS_IDENTITY_NOT_CONFIRMED');
    throw err;
  }
  return person;
}
