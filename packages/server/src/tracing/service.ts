/**
 * Exposure tracing (SPEC §6): a health officer confirms a case (F0) with the time of the
 * positive test or onset; everyone whose visit overlapped one of the F0's visits during the
 * infectious window (default: 2 days before that time, to now), widened by ±60 min, is exposed,
 * marked F1 and notified through an outbox (retried; the sender is pluggable; each person's
 * notifications are their feed). So is everyone whose movement declaration names the same
 * vehicle and date as one of the F0's in the window, and every declared close contact (either
 * way). F2 (the contacts of the F1s) on request. Every read a tracer makes is audited.
 * Visits: visits.ts.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { recordAudits, type AuditEntry, type AuthClient } from '../access/service.ts';
import { findPerson } from '../registry/service.ts';
import { healthHistory, setCaseStatus } from '../health/service.ts';
import { eventsOf } from '../checkins/service.ts';
import {
  contactExposures,
  vehicleExposures,
  type ContactExposure,
  type VehicleExposure,
} from '../declarations/service.ts';
import { vietnamToday } from '@oneqr/qr';
import { exposuresOf, infectiousVisits, visitsOf, PAIR_MS, type Exposure } from './visits.ts';
import * as repo from './repository.ts';

export type { Exposure } from './visits.ts';
export type { ContactExposure, VehicleExposure } from '../declarations/service.ts';

export const DEFAULT_DAYS_BEFORE = 2;
export const DEFAULT_WINDOW_MINUTES = 60;
const DAY_MS = 86_400_000;

export interface ExposureQuery {
  idNumber: string;
  /** The infectious window; default (latest confirmed case's time, else now) − 2 days … now. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Minutes each F0 visit is widened by on both sides (default 60). */
  windowMinutes?: number | undefined;
  /** Also the contacts of the F1s (venue, vehicle, declared), same window. */
  f2?: boolean | undefined;
}

/** A person exposed to an F1 (not the F0, not an F1): found through `via`, by `kind`. */
export interface F2Exposure {
  idNumber: string;
  via: string;
  kind: 'venue' | 'vehicle' | 'contact';
}

export interface ExposureResult {
  from: Date;
  to: Date;
  windowMinutes: number;
  /** Shared venue visits (the contract's entries). */
  exposures: Exposure[];
  /** Same vehicle and date in a movement declaration. */
  vehicles: VehicleExposure[];
  /** Declared close contacts. */
  contacts: ContactExposure[];
  /** Only when asked for. */
  f2?: F2Exposure[];
}

/** Who shared a vehicle with, or is a declared contact of, `personIds` on the window's (Vietnam) days. */
async function declaredExposures(
  db: Kysely<DB>,
  personIds: readonly string[],
  from: number,
  to: number,
): Promise<{ vehicles: VehicleExposure[]; contacts: ContactExposure[] }> {
  const fromDate = vietnamToday(new Date(from));
  const toDate = vietnamToday(new Date(to));
  return {
    vehicles: await vehicleExposures(db, personIds, fromDate, toDate),
    contacts: await contactExposures(db, personIds, fromDate, toDate),
  };
}

const exposedIds = (r: { exposures: Exposure[]; vehicles: VehicleExposure[]; contacts: ContactExposure[] }) =>
  new Set([...r.exposures, ...r.vehicles, ...r.contacts].map((e) => e.idNumber));

function checkWindow(from: Date, to: Date, windowMinutes: number): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new HttpError('TRACING_WINDOW_INVALID', 'from/to: not ISO-8601 instants', { field: 'from' });
  if (from.getTime() > to.getTime())
    throw new HttpError('TRACING_WINDOW_INVALID', 'from: later than to', { field: 'from' });
  if (to.getTime() - from.getTime() > 60 * DAY_MS)
    throw new HttpError('TRACING_WINDOW_INVALID', 'from/to: at most 60 days apart', { field: 'to' });
  if (!Number.isInteger(windowMinutes) || windowMinutes < 0 || windowMinutes > 24 * 60)
    throw new HttpError('TRACING_WINDOW_INVALID', 'windowMinutes: an integer in 0-1440', {
      field: 'windowMinutes',
    });
}

/** The exposure search, reading only check-ins: the F0's visits, then each of their venues'. */
async function search(
  db: Kysely<DB>,
  f0: string,
  from: number,
  to: number,
  windowMs: number,
): Promise<Exposure[]> {
  // 12 h either side: every event that can pair with one in the window is read (visits.ts).
  const own = infectiousVisits(
    visitsOf(await eventsOf(db, { personId: f0 }, from - PAIR_MS, to + PAIR_MS)),
    from,
    to,
  );
  const venues = new Map<string, { lo: number; hi: number }>();
  for (const v of own) {
    const r = venues.get(v.venueId);
    venues.set(v.venueId, {
      lo: Math.min(r?.lo ?? Infinity, v.start - windowMs),
      hi: Math.max(r?.hi ?? -Infinity, v.end + windowMs),
    });
  }
  const others = [];
  for (const [venueId, { lo, hi }] of venues) {
    others.push(...visitsOf(await eventsOf(db, { venueId }, lo - PAIR_MS, hi + PAIR_MS)));
  }
  return exposuresOf(f0, own, others, windowMs);
}

/** The exposures of a person's visits; the read of each exposed person's check-ins is audited. */
export async function findExposures(
  db: Kysely<DB>,
  actor: AuthClient | null,
  q: ExposureQuery,
  now: Date,
  route = '/v1/tracing/exposures',
): Promise<ExposureResult> {
  if ((await findPerson(db, q.idNumber)) === undefined)
    throw new HttpError('TRACING_PERSON_NOT_FOUND', undefined, { field: 'idNumber' });
  const latest = await repo.latestCaseOf(db, q.idNumber);
  const anchor = latest === undefined ? now.getTime() : Number(latest.confirmed_at);
  const from = q.from ?? new Date(anchor - DEFAULT_DAYS_BEFORE * DAY_MS);
  const to = q.to ?? now;
  const windowMinutes = q.windowMinutes ?? DEFAULT_WINDOW_MINUTES;
  checkWindow(from, to, windowMinutes);
  const windowMs = windowMinutes * 60_000;
  const found = {
    exposures: await search(db, q.idNumber, from.getTime(), to.getTime(), windowMs),
    ...(await declaredExposures(db, [q.idNumber], from.getTime(), to.getTime())),
  };
  // Every person read is audited, all in one commit before the answer (not one commit each).
  const audits: AuditEntry[] = [];
  const audit = (personId: string, fields: string[], purpose: string) =>
    audits.push({ actor, personId, fields, purpose, outcome: 'disclosed', route, at: now });
  const caseRef = `${q.idNumber.slice(0, 3)}…`;
  audit(
    q.idNumber,
    ['checkins', 'declarations'],
    `tracing: visits, vehicles and contacts of the case ${from.toISOString()} … ${to.toISOString()}`,
  );
  auditExposed(audit, found, `exposure to a case (${caseRef})`);
  const result: ExposureResult = { from, to, windowMinutes, ...found };
  if (q.f2 === true) {
    const f1 = [...exposedIds(found)].filter((id) => id !== q.idNumber);
    for (const id of f1)
      audit(id, ['checkins', 'declarations'], `tracing: contacts of an F1 of a case (${caseRef})`);
    const second = await declaredExposures(db, f1, from.getTime(), to.getTime());
    const skip = new Set([q.idNumber, ...f1]);
    const f2 = new Map<string, F2Exposure>();
    const add = (idNumber: string, via: string, kind: F2Exposure['kind']) => {
      if (!skip.has(idNumber) && !f2.has(idNumber)) f2.set(idNumber, { idNumber, via, kind });
    };
    // A venue exposure names the exposed person, not which F1 it came from: search per F1.
    for (const id of f1)
      for (const e of await search(db, id, from.getTime(), to.getTime(), windowMs))
        add(e.idNumber, id, 'venue');
    for (const v of second.vehicles) add(v.idNumber, v.via, 'vehicle');
    for (const c of second.contacts) add(c.idNumber, c.via, 'contact');
    result.f2 = [...f2.values()].sort((a, b) => a.idNumber.localeCompare(b.idNumber));
    for (const e of result.f2)
      audit(e.idNumber, ['checkins', 'declarations'], `tracing: F2 of a case (${caseRef})`);
  }
  await recordAudits(db, audits);
  return result;
}

/** One audit record per exposed person, naming what was read about them. */
function auditExposed(
  audit: (personId: string, fields: string[], purpose: string) => void,
  found: { exposures: Exposure[]; vehicles: VehicleExposure[]; contacts: ContactExposure[] },
  purpose: string,
): void {
  const fields = new Map<string, Set<string>>();
  const mark = (id: string, f: string) => fields.set(id, (fields.get(id) ?? new Set()).add(f));
  for (const e of found.exposures) mark(e.idNumber, 'checkins');
  for (const v of found.vehicles) mark(v.idNumber, 'declarations');
  for (const c of found.contacts) mark(c.idNumber, 'declarations');
  for (const [id, f] of fields) audit(id, [...f], `tracing: ${purpose}`);
}

export interface ConfirmedCase extends ExposureResult {
  caseId: string;
  /** Exposed persons newly marked F1 (an F0 stays F0). */
  markedF1: number;
  notified: number;
}

/**
 * Confirms an F0 at `confirmedAt` and traces it: the case status becomes f0, each exposed
 * person f1 (unless f0 already), and one notification per exposed person is queued.
 */
export async function confirmCase(
  db: Kysely<DB>,
  actor: AuthClient | null,
  input: {
    idNumber: string;
    confirmedAt: Date;
    daysBefore?: number | undefined;
    to?: Date | undefined;
    windowMinutes?: number | undefined;
  },
  now: Date,
): Promise<ConfirmedCase> {
  const daysBefore = input.daysBefore ?? DEFAULT_DAYS_BEFORE;
  if (!Number.isInteger(daysBefore) || daysBefore < 0 || daysBefore > 30)
    throw new HttpError('TRACING_WINDOW_INVALID', 'daysBefore: an integer in 0-30', { field: 'daysBefore' });
  const from = new Date(input.confirmedAt.getTime() - daysBefore * DAY_MS);
  const result = await findExposures(
    db,
    actor,
    { idNumber: input.idNumber, from, to: input.to ?? now, windowMinutes: input.windowMinutes },
    now,
    '/v1/tracing/cases',
  );
  const caseId = `case_${crypto.randomUUID()}`;
  return db.transaction().execute(async (trx) => {
    await setCaseStatus(trx, { personId: input.idNumber, status: 'f0', since: input.confirmedAt }, now);
    await repo.insertCase(trx, {
      id: caseId,
      person_id: input.idNumber,
      confirmed_at: input.confirmedAt.getTime(),
      window_from: result.from.getTime(),
      window_to: result.to.getTime(),
      window_minutes: result.windowMinutes,
      officer_client_id: actor?.id ?? null,
      created_at: now.getTime(),
    });
    const exposed = new Map<string, Exposure[]>();
    for (const e of result.exposures) exposed.set(e.idNumber, [...(exposed.get(e.idNumber) ?? []), e]);
    // Shared vehicles and declared contacts are F1 too, notified with what exposed them.
    for (const id of exposedIds(result)) if (!exposed.has(id)) exposed.set(id, []);
    const vehiclesOf = (id: string) =>
      result.vehicles.filter((v) => v.idNumber === id).map((v) => ({ vehicle: v.vehicle, date: v.date }));
    const contactOf = (id: string) => result.contacts.some((c) => c.idNumber === id);
    let markedF1 = 0;
    for (const id of exposed.keys()) {
      const status = (await healthHistory(trx, id)).caseStatus?.status;
      if (status === 'f0' || status === 'f1') continue;
      await setCaseStatus(trx, { personId: id, status: 'f1', since: now }, now);
      markedF1++;
    }
    await repo.enqueue(
      trx,
      [...exposed].map(([personId, list]) => ({
        id: `ntf_${crypto.randomUUID()}`,
        person_id: personId,
        case_id: caseId,
        body: JSON.stringify({
          kind: 'exposure',
          visits: list.map((e) => ({
            venueId: e.venueId,
            from: new Date(e.overlapStart).toISOString(),
            to: new Date(e.overlapEnd).toISOString(),
            minutes: e.minutes,
          })),
          vehicles: vehiclesOf(personId),
          declaredContact: contactOf(personId),
        }),
        created_at: now.getTime(),
        attempts: 0,
        next_attempt_at: now.getTime(),
        delivered_at: null,
        last_error: null,
      })),
    );
    return { ...result, caseId, markedF1, notified: exposed.size };
  });
}

/** One notification as a sender delivers it and a person's feed shows it. */
export interface Notification {
  id: string;
  personId: string;
  createdAt: string;
  deliveredAt: string | null;
  body: unknown;
}

/** Delivers one notification (push, SMS…); throws to have it retried. */
export type NotificationSender = (n: Notification) => Promise<void>;

const toNotification = (r: {
  id: string;
  person_id: string;
  created_at: number;
  delivered_at: number | null;
  body: string;
}): Notification => ({
  id: r.id,
  personId: r.person_id,
  createdAt: new Date(Number(r.created_at)).toISOString(),
  deliveredAt: r.delivered_at === null ? null : new Date(Number(r.delivered_at)).toISOString(),
  body: JSON.parse(r.body) as unknown,
});

/**
 * One pass of the outbox: sends what is due; a failure is retried with exponential back-off
 * (1 min, 2, 4 … capped at 1 h) up to `maxAttempts`, then left undelivered in the feed.
 */
export async function deliverNotifications(
  db: Kysely<DB>,
  sender: NotificationSender,
  now: Date,
  opts: { maxAttempts?: number; limit?: number } = {},
): Promise<{ delivered: number; failed: number }> {
  const maxAttempts = opts.maxAttempts ?? 8;
  let delivered = 0;
  let failed = 0;
  for (const row of await repo.dueNotifications(db, now.getTime(), opts.limit ?? 500)) {
    const attempts = Number(row.attempts) + 1;
    try {
      await sender(toNotification(row));
      await repo.updateNotification(db, row.id, {
        attempts,
        delivered_at: now.getTime(),
        next_attempt_at: null,
        last_error: null,
      });
      delivered++;
    } catch (err) {
      const backoff = Math.min(3_600_000, 60_000 * 2 ** (attempts - 1));
      await repo.updateNotification(db, row.id, {
        attempts,
        next_attempt_at: attempts >= maxAttempts ? null : now.getTime() + backoff,
        last_error: String((err as Error)?.message ?? err).slice(0, 200),
      });
      failed++;
    }
  }
  return { delivered, failed };
}

/** A person's feed: their notifications, newest first. */
export async function notificationFeed(db: Kysely<DB>, personId: string): Promise<Notification[]> {
  return (await repo.notificationsOf(db, personId)).map(toNotification);
}

/** Deletes notifications older than `before`; the count. */
export function purgeNotifications(db: Kysely<DB>, before: Date): Promise<number> {
  return repo.deleteNotificationsBefore(db, before.getTime());
}
