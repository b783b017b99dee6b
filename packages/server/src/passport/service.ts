/**
 * The passport domain's functions for routes and other domains: issuing the EU DCC vaccination
 * certificate (Decision 5772) to a person verified against the registry with a complete series,
 * re-issuing on new doses, revocation by UVCI hash, and the published DSC and revocation lists.
 */
import type { Kysely } from 'kysely';
import { dccKeySourceFromCertificates, type DccKeySource, type DccRevocationBatch } from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { isUniqueViolation } from '../store/serialise.ts';
import { HttpError } from '../errors.ts';
import { confirmIdentity, findPerson, type IdentityClaim } from '../registry/service.ts';
import { healthHistory, vaccineByCode, type Vaccination } from '../health/service.ts';
import type { PassportCertificateRow } from './passport.table.ts';
import { dccJson, encodeDcc } from './dcc.ts';
import { displayFields, type DisplayField } from './display.ts';
import { dscSigner, gatewayList, type DccAlg, type GatewayCertificate } from './keys.ts';
import { hasValidUvciCheck, newUvci, uvciHash } from './uvci.ts';
import * as repo from './repository.ts';

export { DCC_ALGS, type DccAlg, type GatewayCertificate } from './keys.ts';
export { hasValidUvciCheck, uvciCheckCharacter, UVCI_PATTERN } from './uvci.ts';
export type { DisplayField } from './display.ts';

type Db = Kysely<DB>;

export interface PassportOptions {
  alg: DccAlg;
  /** Months from issuance to `exp` (Decision 5772: 12). */
  validityMonths: number;
}

/** A vaccine passport as the citizen sees it. */
export interface PassportView {
  uvci: string;
  status: 'current' | 'superseded' | 'revoked';
  issuedAt: string;
  expiresAt: string;
  kid: string;
  hc1: string;
  fields: DisplayField[];
}

function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

const toView = (row: PassportCertificateRow): PassportView => ({
  uvci: row.uvci,
  status: row.status as PassportView['status'],
  issuedAt: new Date(Number(row.issued_at)).toISOString(),
  expiresAt: new Date(Number(row.expires_at)).toISOString(),
  kid: row.kid,
  hc1: row.hc1,
  fields: displayFields(row.hc1),
});

/**
 * The dose a certificate states: the latest recorded one, once some dose completed its primary
 * series (a booster after it is stated as it is, e.g. 3/2). Undefined: series incomplete.
 */
export function certifiedDose(doses: readonly Vaccination[]): Vaccination | undefined {
  if (!doses.some((d) => d.doseNumber >= d.totalDoses)) return undefined;
  return [...doses].sort(
    (a, b) => a.administeredOn.localeCompare(b.administeredOn) || a.doseNumber - b.doseNumber,
  )[doses.length - 1];
}

/** Adds `months` calendar months in UTC (clamped to the month's last day). */
function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/**
 * The person's vaccine passport: the current one when it still states their latest dose and has
 * not expired, else a new one (the old is superseded). The person must be in the registry (a
 * citizen account is linked through the registry's identity check). Throws
 * PASSPORT_IDENTITY_MISMATCH (no such person) or PASSPORT_SERIES_INCOMPLETE.
 */
export async function issuePassport(
  db: Db,
  personId: string,
  opts: PassportOptions,
  now: Date,
): Promise<PassportView> {
  try {
    return await issueOnce(db, personId, opts, now);
  } catch (err) {
    // A parallel request for the same person inserted its certificate first (one current per
    // person, by a unique index): answer that one.
    if (db.isTransaction || !(err instanceof ConcurrentIssue || isUniqueViolation(err))) throw err;
    return currentPassport(db, personId);
  }
}

class ConcurrentIssue extends Error {}

function issueOnce(db: Db, personId: string, opts: PassportOptions, now: Date): Promise<PassportView> {
  return inTransaction(db, async (trx) => {
    const person = await findPerson(trx, personId);
    if (!person) throw new HttpError('PASSPORT_IDENTITY_MISMATCH', undefined, { reason: 'not-found' });
    const dose = certifiedDose((await healthHistory(trx, personId)).vaccinations);
    const product = dose && vaccineByCode(dose.vaccineCode);
    if (!dose || !product) throw new HttpError('PASSPORT_SERIES_INCOMPLETE');
    const current = await repo.findCurrentCertificate(trx, personId);
    if (current && current.dose_id === dose.id && Number(current.expires_at) > now.getTime())
      return toView(current);

    const iat = Math.floor(now.getTime() / 1000);
    const exp = Math.floor(addMonths(now, opts.validityMonths).getTime() / 1000);
    const signer = await dscSigner(trx, opts.alg, opts.validityMonths, now);
    const uvci = newUvci();
    const hcert = dccJson({
      fullName: person.fullName,
      birthDate: person.birthDate,
      product,
      doseNumber: dose.doseNumber,
      totalDoses: dose.totalDoses,
      administeredOn: dose.administeredOn,
      uvci,
    });
    const row: PassportCertificateRow = {
      uvci,
      uvci_hash: uvciHash(uvci),
      person_id: personId,
      dose_id: dose.id,
      kid: signer.kid,
      hc1: await encodeDcc(hcert, { iat, exp }, signer),
      status: 'current',
      issued_at: iat * 1000,
      expires_at: exp * 1000,
      revoked_at: null,
    };
    // Another request re-issued meanwhile: answer its certificate (caught below).
    if (current && !(await repo.supersede(trx, current.uvci))) throw new ConcurrentIssue();
    await repo.insertCertificateRow(trx, row);
    return toView(row);
  });
}

/**
 * Issues for a claimed identity (an officer at a counter): the registry must confirm it first.
 * Throws PASSPORT_IDENTITY_MISMATCH with the mismatching field (the caller sees full identity).
 */
export async function issuePassportForClaim(
  db: Db,
  claim: IdentityClaim,
  opts: PassportOptions,
  now: Date,
): Promise<PassportView> {
  const confirmation = await confirmIdentity(db, claim);
  if (!confirmation.confirmed)
    throw new HttpError('PASSPORT_IDENTITY_MISMATCH', confirmation.message, { reason: confirmation.reason });
  return issuePassport(db, claim.idNumber, opts, now);
}

/** The person's current passport. Throws PASSPORT_NOT_ISSUED. */
export async function currentPassport(db: Db, personId: string): Promise<PassportView> {
  const row = await repo.findCurrentCertificate(db, personId);
  if (!row) throw new HttpError('PASSPORT_NOT_ISSUED');
  return toView(row);
}

/** Revokes a passport by its UVCI. Throws PASSPORT_INVALID, PASSPORT_NOT_FOUND, PASSPORT_ALREADY_REVOKED. */
export function revokePassport(db: Db, uvci: string, now: Date): Promise<{ uvci: string; hash: string }> {
  if (!hasValidUvciCheck(uvci))
    return Promise.reject(
      new HttpError('PASSPORT_INVALID', 'uvci must be a UVCI with its check character', { field: 'uvci' }),
    );
  return inTransaction(db, async (trx) => {
    const row = await repo.findCertificate(trx, uvci);
    if (!row) throw new HttpError('PASSPORT_NOT_FOUND');
    if (!(await repo.markRevoked(trx, uvci, now.getTime()))) throw new HttpError('PASSPORT_ALREADY_REVOKED');
    return { uvci, hash: row.uvci_hash };
  });
}

/** The DSCs, in the EU gateway trust-list shape `[{kid, country, certificateType, rawData}]`. */
export function dscTrustList(db: Db): Promise<GatewayCertificate[]> {
  return gatewayList(db, 'dsc');
}

/** The CSCAs that signed them, in the same shape. */
export function cscaTrustList(db: Db): Promise<GatewayCertificate[]> {
  return gatewayList(db, 'csca');
}

/** One revocation batch per DSC, in the EU DCC revocation batch shape (@oneqr/qr; here hash type UCI). */
export type RevocationBatch = DccRevocationBatch & { country: 'VN'; hashType: 'UCI' };

/** The revocation list: revoked, unexpired certificates by UVCI hash, one batch per kid. */
export async function revocationList(db: Db, now: Date): Promise<RevocationBatch[]> {
  const batches = new Map<string, RevocationBatch & { until: number }>();
  for (const r of await repo.listRevoked(db, now.getTime())) {
    const b = batches.get(r.kid) ?? {
      country: 'VN' as const,
      expires: '',
      kid: r.kid,
      hashType: 'UCI' as const,
      entries: [],
      until: 0,
    };
    b.entries.push({ hash: r.uvci_hash });
    b.until = Math.max(b.until, Number(r.expires_at));
    batches.set(r.kid, b);
  }
  return [...batches.values()].map(({ until, ...b }) => ({ ...b, expires: new Date(until).toISOString() }));
}

/** What a scan needs to trust this server's own DCCs (its DSCs) and refuse the ones it revoked. */
export interface OwnDccTrust {
  keys: DccKeySource;
  /** True when this server revoked the certificate `uvci`, signed under `kid`. */
  isRevoked(uvci: string, kid: string | undefined): boolean;
}

/** Built per database, rebuilt when a DSC is added or a certificate revoked (on any node). */
const ownTrustCache = new WeakMap<Db, { stamp: string; trust: Promise<OwnDccTrust> }>();

async function buildOwnTrust(db: Db): Promise<OwnDccTrust> {
  const ders = (await dscTrustList(db)).map((g) => new Uint8Array(Buffer.from(g.rawData, 'base64')));
  // Every revocation, expired or not: an expired certificate fails anyway, and the list is small.
  const revoked = new Map((await repo.listRevoked(db, 0)).map((r) => [r.uvci_hash, r.kid]));
  return {
    keys: dccKeySourceFromCertificates(ders),
    isRevoked: (uvci, kid) => revoked.get(uvciHash(uvci)) === kid,
  };
}

/** The DCC trust for scans: this server's DSCs and revocations, cached on a cheap change stamp. */
export async function ownDccTrust(db: Db): Promise<OwnDccTrust> {
  const stamp = await repo.trustStamp(db);
  const hit = ownTrustCache.get(db);
  if (hit && hit.stamp === stamp) return hit.trust;
  const trust = buildOwnTrust(db);
  // A failed load must not stick: the next scan tries again.
  trust.catch(() => ownTrustCache.delete(db));
  ownTrustCache.set(db, { stamp, trust });
  return trust;
}
