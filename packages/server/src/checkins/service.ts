/**
 * Check-in and check-out (SPEC §6), both directions: a citizen's app sends the venue QR it
 * scanned (the person is the signed-in citizen); venue staff send what they scanned for their
 * venue (a personal QR from any app, a CCCD string, a typed ID), confirmed exactly as /v1/scan
 * confirms it (scan's scanSubject: same audit, same look-up throttle). Events are append-only,
 * one per client `eventId`, and acknowledged only once committed (group commit, writer.ts).
 */
import type { Kysely } from 'kysely';
import { isIsoDate, maskDocumentNumber } from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { HttpError, type HttpErrorCode } from '../errors.ts';
import { linkedPersonId, recordAudits, type AuditEntry, type AuthClient } from '../access/service.ts';
import { currentTrustStore } from '../issuers/service.ts';
import { findPerson } from '../registry/service.ts';
import { findVenue, readVenueCode, type Venue } from '../venues/service.ts';
import { batchLookupAllowance, scanSubject, type LookupAllowance, type ScanAnswer } from '../scan/service.ts';
import type { TrustStore } from '@oneqr/qr';
import type { Static } from 'typebox';
import type { CheckinRow } from './checkins.table.ts';
import { checkinWriterFor, commitCheckinRows, type CheckinWriter, type WriteOutcome } from './writer.ts';
import * as repo from './repository.ts';
import { isPostgres } from '../store/serialise.ts';
import { DAY_MS, DAYS_AHEAD, dayStartOf, dropBefore, ensurePartitions } from './partitions.ts';

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const EVENT_ID_PATTERN = '^[A-Za-z0-9_.:-]{1,64}$';
const EVENT_ID = new RegExp(EVENT_ID_PATTERN);
export const MAX_BATCH = 1000;

/** One event as a scanner sends it. */
export interface CheckinEventInput {
  eventId: string;
  direction: Direction;
  /** The device's time, ISO-8601. */
  at: string;
  /** The venue QR the citizen scanned (citizen), or optionally the staff's own venue QR. */
  venueCode?: string | undefined;
  venueId?: string | undefined;
  /** What venue staff scanned: a personal QR, a CCCD string or a typed ID number. */
  personCode?: string | undefined;
}

/**
 * What the deployment allows: retention, device clock skew, registry look-ups per minute
 * (interactive) and per hour in batches (docs/roles.md, "Look-up budgets").
 */
export interface CheckinPolicy {
  retentionDays: number;
  skewSeconds: number;
  lookupsPerMinute: number;
  batchLookupsPerHour: number;
}

export type EventResult =
  | {
      status: 'stored' | 'duplicate';
      eventId: string;
      venueId: string;
      direction: Direction;
      at: string;
      serverAt: string;
      /** For venue staff: what /v1/scan shows them about the person. */
      shown?: Static<typeof ScanAnswer>;
    }
  | { status: 'rejected'; eventId: string | null; code: HttpErrorCode; message: string };

export const CHECKIN_ROUTE = '/v1/checkins';

/** The device time as Unix ms, inside [now − retention, now + skew]; throws the refusal. */
export function eventTime(
  at: string,
  now: Date,
  policy: Pick<CheckinPolicy, 'retentionDays' | 'skewSeconds'>,
): number {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(at) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms))
    throw new HttpError('CHECKINS_TIME_INVALID', `at: "${at.slice(0, 40)}" is not an ISO-8601 instant`, {
      field: 'at',
    });
  if (ms > now.getTime() + policy.skewSeconds * 1000)
    throw new HttpError(
      'CHECKINS_IN_FUTURE',
      `at: later than ${policy.skewSeconds} s ahead of the server clock`,
      { field: 'at' },
    );
  if (ms < now.getTime() - policy.retentionDays * 86_400_000)
    throw new HttpError(
      'CHECKINS_TOO_OLD',
      `at: older than the ${policy.retentionDays}-day retention period`,
      { field: 'at' },
    );
  return ms;
}

/** Venues looked up once per request. */
type VenueCache = Map<string, Promise<Venue | undefined>>;

/** What one request's events share: the trust list, venues read, audit entries to write, the batch allowance. */
interface RequestContext {
  trust: TrustStore;
  venues: VenueCache;
  audits: AuditEntry[];
  allowance: LookupAllowance | undefined;
}

async function activeVenue(db: Kysely<DB>, id: string, cache: VenueCache): Promise<Venue> {
  let p = cache.get(id);
  if (p === undefined) {
    p = findVenue(db, id);
    cache.set(id, p);
  }
  const venue = await p;
  if (venue === undefined) throw new HttpError('CHECKINS_VENUE_UNKNOWN', undefined, { field: 'venueId' });
  if (venue.status !== 'active')
    throw new HttpError('CHECKINS_VENUE_NOT_ACTIVE', undefined, { field: 'venueId' });
  return venue;
}

async function venueOfCode(db: Kysely<DB>, code: string, now: Date, trust: TrustStore): Promise<string> {
  const r = await readVenueCode(db, code, now, trust);
  if (!r.ok)
    throw new HttpError('CHECKINS_VENUE_CODE_INVALID', `venueCode: ${r.reason}: ${r.message}`, {
      field: 'venueCode',
      reason: r.reason,
    });
  return r.venueId;
}

/** Checks one event and finds whose and where it is; throws the refusal. */
async function prepare(
  db: Kysely<DB>,
  client: AuthClient,
  e: CheckinEventInput,
  now: Date,
  policy: CheckinPolicy,
  ctx: RequestContext,
): Promise<{ row: CheckinRow; shown?: Static<typeof ScanAnswer> }> {
  const { venues, trust } = ctx;
  if (!EVENT_ID.test(e.eventId))
    throw new HttpError('CHECKINS_EVENT_INVALID', 'eventId: 1-64 characters of A-Z a-z 0-9 _ . : -', {
      field: 'eventId',
    });
  if (!(DIRECTIONS as readonly string[]).includes(e.direction))
    throw new HttpError('CHECKINS_EVENT_INVALID', 'direction: "in" or "out"', { field: 'direction' });
  const at = eventTime(e.at, now, policy);
  const base = {
    event_id: e.eventId,
    direction: e.direction,
    at,
    server_at: now.getTime(),
    client_id: client.id,
  };
  if (client.role === 'citizen') {
    if (e.personCode !== undefined)
      throw new HttpError('CHECKINS_PERSON_CODE_UNEXPECTED', undefined, { field: 'personCode' });
    if (e.venueCode === undefined)
      throw new HttpError('CHECKINS_VENUE_CODE_REQUIRED', undefined, { field: 'venueCode' });
    const personId = linkedPersonId(client);
    const venueId = await venueOfCode(db, e.venueCode, now, trust);
    if (e.venueId !== undefined && e.venueId !== venueId)
      throw new HttpError('CHECKINS_VENUE_MISMATCH', undefined, { field: 'venueCode' });
    await activeVenue(db, venueId, venues);
    return { row: { ...base, person_id: personId, venue_id: venueId, source: 'citizen' } };
  }
  // Venue staff.
  if (e.personCode === undefined)
    throw new HttpError('CHECKINS_PERSON_CODE_REQUIRED', undefined, { field: 'personCode' });
  const venueId = e.venueId ?? client.venueId;
  if (venueId === undefined) throw new HttpError('CHECKINS_VENUE_REQUIRED', undefined, { field: 'venueId' });
  if (e.venueCode !== undefined && (await venueOfCode(db, e.venueCode, now, trust)) !== venueId)
    throw new HttpError('CHECKINS_VENUE_MISMATCH', undefined, { field: 'venueCode' });
  const venue = await activeVenue(db, venueId, venues);
  if (client.venueId !== venue.id && !venue.staffClientIds.includes(client.id))
    throw new HttpError('CHECKINS_VENUE_FORBIDDEN', undefined, { field: 'venueId' });
  const { body, personId } = await scanSubject(
    db,
    client,
    e.personCode,
    now,
    {
      lookupsPerMinute: policy.lookupsPerMinute,
      ...(ctx.allowance ? { spendLookup: ctx.allowance.spend } : {}),
    },
    CHECKIN_ROUTE,
    { trust, audits: ctx.audits },
  );
  if (personId === null)
    throw new HttpError('CHECKINS_PERSON_CODE_INVALID', undefined, { field: 'personCode' });
  if ((await findPerson(db, personId)) === undefined)
    throw new HttpError('CHECKINS_PERSON_UNKNOWN', undefined, { field: 'personCode' });
  return { row: { ...base, person_id: personId, venue_id: venueId, source: 'staff' }, shown: body };
}

function accepted(
  row: CheckinRow,
  status: 'stored' | 'duplicate',
  shown?: Static<typeof ScanAnswer>,
): EventResult {
  return {
    status,
    eventId: row.event_id,
    venueId: row.venue_id,
    direction: row.direction as Direction,
    at: new Date(Number(row.at)).toISOString(),
    serverAt: new Date(Number(row.server_at)).toISOString(),
    ...(shown === undefined ? {} : { shown }),
  };
}

function rejected(eventId: unknown, err: unknown): EventResult {
  if (!(err instanceof HttpError)) throw err;
  return {
    status: 'rejected',
    eventId: typeof eventId === 'string' ? eventId : null,
    code: err.code,
    message: err.message,
  };
}

/** Events verified at once in a request (reads overlap on PostgreSQL's pool). */
const PREPARE_CONCURRENCY = 8;

/**
 * Records events: one interactive check-in, or an uploaded batch (`batch`). Each is checked on
 * its own, so a bad event rejects only itself. The trust list is loaded once per request; the
 * events' check-in rows, the audit entries their scans made and the batch's look-up settlement
 * are written in one transaction (the group commit's), and the call resolves only after it
 * commits. In a batch an event id already stored is answered `duplicate` without being verified
 * again, and typed IDs spend the batch allowance (docs/roles.md, "Look-up budgets") instead of
 * the interactive per-minute budget.
 */
export async function recordCheckins(
  db: Kysely<DB>,
  client: AuthClient,
  events: readonly CheckinEventInput[],
  now: Date,
  policy: CheckinPolicy,
  { batch = false }: { batch?: boolean } = {},
): Promise<EventResult[]> {
  const writer = checkinWriterFor(db);
  const written = writer.expect();
  try {
    return await record(db, writer, written, client, events, now, policy, batch);
  } finally {
    written();
  }
}

async function record(
  db: Kysely<DB>,
  writer: CheckinWriter,
  written: () => void,
  client: AuthClient,
  events: readonly CheckinEventInput[],
  now: Date,
  policy: CheckinPolicy,
  batch: boolean,
): Promise<EventResult[]> {
  const known = await repo.existingEventIds(db, [
    ...new Set(events.map((e) => e.eventId).filter((id) => typeof id === 'string' && EVENT_ID.test(id))),
  ]);
  const audits: AuditEntry[] = [];
  const fresh = batch ? events.filter((e) => !known.has(e.eventId)) : events;
  const wanted = fresh.filter((e) => typeof e.personCode === 'string').length;
  const ctx: RequestContext = {
    trust: await currentTrustStore(db, now),
    venues: new Map(),
    audits,
    allowance:
      batch && client.role !== 'citizen' && wanted > 0
        ? await batchLookupAllowance(
            db,
            client,
            wanted,
            now,
            policy.batchLookupsPerHour,
            audits,
            CHECKIN_ROUTE,
          )
        : undefined,
  };
  const results: (EventResult | undefined)[] = new Array(events.length);
  const toWrite: { index: number; row: CheckinRow; shown?: Static<typeof ScanAnswer> }[] = [];
  const one = async (index: number): Promise<void> => {
    const e = events[index]!;
    if (batch && known.has(e.eventId)) {
      results[index] = { status: 'duplicate', ...stub(e, now) };
      return;
    }
    try {
      const ok = await prepare(db, client, e, now, policy, ctx);
      if (known.has(ok.row.event_id)) results[index] = accepted(ok.row, 'duplicate', ok.shown);
      else toWrite.push({ index, ...ok });
    } catch (err) {
      // A known event id re-sent after, say, the venue closed is still a duplicate, not an error.
      results[index] = known.has(e.eventId)
        ? { status: 'duplicate', ...stub(e, now) }
        : rejected(e.eventId, err);
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < events.length) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(PREPARE_CONCURRENCY, events.length) }, worker));
  // Rows in event order, so of two events with one id in a batch the first is the one stored.
  toWrite.sort((a, b) => a.index - b.index);
  const allowance = ctx.allowance;
  const also =
    audits.length > 0 || allowance !== undefined
      ? async (trx: Kysely<DB>) => {
          // In the caller's transaction (direct writes), or published (the event stream's profile).
          await recordAudits(trx, audits);
          await allowance?.settle(trx);
        }
      : undefined;
  const writing = writer.write(
    toWrite.map((w) => w.row),
    also,
  );
  written(); // queued: the commit need not wait for this request any longer
  const outcomes = await writing;
  toWrite.forEach((w, i) => (results[w.index] = accepted(w.row, outcomes[i]!, w.shown)));
  return results as EventResult[];
}

function stub(e: CheckinEventInput, now: Date) {
  return {
    eventId: e.eventId,
    venueId: e.venueId ?? '',
    direction: e.direction,
    at: e.at,
    serverAt: now.toISOString(),
  };
}

/** An event as the contract file carries it (`oneqr checkins import`). */
export interface ImportEvent {
  eventId: string;
  idNumber: string;
  venueId: string;
  direction: Direction;
  at: string;
}

/**
 * Stores events from a trusted operator's file (no scan: the file names registry persons and
 * registered venues by id). Each event is checked like an uploaded one; idempotent by eventId.
 */
export async function importCheckins(
  db: Kysely<DB>,
  events: readonly ImportEvent[],
  now: Date,
  policy: Pick<CheckinPolicy, 'retentionDays' | 'skewSeconds'>,
): Promise<EventResult[]> {
  const venues: VenueCache = new Map();
  const persons = new Map<string, Promise<boolean>>();
  const results: (EventResult | undefined)[] = new Array(events.length);
  const toWrite: { index: number; row: CheckinRow }[] = [];
  for (const [index, e] of events.entries()) {
    try {
      if (typeof e.eventId !== 'string' || !EVENT_ID.test(e.eventId))
        throw new HttpError('CHECKINS_EVENT_INVALID', 'eventId: 1-64 characters of A-Z a-z 0-9 _ . : -', {
          field: 'eventId',
        });
      if (!(DIRECTIONS as readonly string[]).includes(e.direction))
        throw new HttpError('CHECKINS_EVENT_INVALID', 'direction: "in" or "out"', { field: 'direction' });
      if (typeof e.idNumber !== 'string' || typeof e.venueId !== 'string' || typeof e.at !== 'string')
        throw new HttpError('CHECKINS_EVENT_INVALID', 'idNumber, venueId and at are strings');
      const at = eventTime(e.at, now, policy);
      await activeVenue(db, e.venueId, venues);
      let known = persons.get(e.idNumber);
      if (known === undefined) {
        known = findPerson(db, e.idNumber).then((p) => p !== undefined);
        persons.set(e.idNumber, known);
      }
      if (!(await known)) throw new HttpError('CHECKINS_PERSON_UNKNOWN', undefined, { field: 'idNumber' });
      toWrite.push({
        index,
        row: {
          event_id: e.eventId,
          person_id: e.idNumber,
          venue_id: e.venueId,
          direction: e.direction,
          at,
          server_at: now.getTime(),
          source: 'import',
          client_id: null,
        },
      });
    } catch (err) {
      results[index] = rejected(e?.eventId, err);
    }
  }
  const outcomes = await checkinWriterFor(db).write(toWrite.map((w) => w.row));
  toWrite.forEach((w, i) => (results[w.index] = accepted(w.row, outcomes[i]!)));
  return results as EventResult[];
}

/**
 * A check-in row as the event stream carries it (published by the check-in writer), or null when
 * the message is not one: the consumer terminates such a message instead of retrying it.
 */
export function checkinRowOf(data: unknown): CheckinRow | null {
  if (typeof data !== 'object' || data === null) return null;
  const r = data as Record<string, unknown>;
  const text = (v: unknown, max = 200) => typeof v === 'string' && v.length > 0 && v.length <= max;
  const ms = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  if (
    !(typeof r.event_id === 'string' && EVENT_ID.test(r.event_id)) ||
    !text(r.person_id) ||
    !text(r.venue_id) ||
    !(DIRECTIONS as readonly unknown[]).includes(r.direction) ||
    !ms(r.at) ||
    !ms(r.server_at) ||
    !['citizen', 'staff', 'import'].includes(r.source as string) ||
    !(r.client_id === null || text(r.client_id))
  )
    return null;
  return {
    event_id: r.event_id,
    person_id: r.person_id as string,
    venue_id: r.venue_id as string,
    direction: r.direction as string,
    at: r.at as number,
    server_at: r.server_at as number,
    source: r.source as string,
    client_id: r.client_id as string | null,
  };
}

/**
 * Writes check-in rows taken from the event stream (events/consumer.ts): one transaction, each
 * event id once however often it is delivered; the outcome per row.
 */
export function applyCheckinRows(db: Kysely<DB>, rows: CheckinRow[]): Promise<WriteOutcome[]> {
  return commitCheckinRows(db, rows);
}

/** A stored event as tracing reads it. */
export interface CheckinEvent {
  eventId: string;
  personId: string;
  venueId: string;
  direction: Direction;
  /** Device time, Unix ms. */
  at: number;
}

const toEvent = (r: CheckinRow): CheckinEvent => ({
  eventId: r.event_id,
  personId: r.person_id,
  venueId: r.venue_id,
  direction: r.direction as Direction,
  at: Number(r.at),
});

/** A person's events, or a venue's, with `at` in [from, to] (Unix ms), oldest first. */
export async function eventsOf(
  db: Kysely<DB>,
  by: { personId: string } | { venueId: string },
  from: number,
  to: number,
): Promise<CheckinEvent[]> {
  return (await repo.eventsBetween(db, by, from, to)).map(toEvent);
}

/** One line of a venue's history, as its owner sees it (the ID number masked). */
export interface HistoryEntry {
  eventId: string;
  direction: Direction;
  at: string;
  serverAt: string;
  person: string;
  source: string;
}

/** Days of the history are Vietnam's calendar days (UTC+7). */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** Unix ms bounds of a Vietnam calendar day `YYYY-MM-DD`. */
export function vietnamDayBounds(day: string): { from: number; to: number } {
  // The schema checks the shape only: 2026-02-31 would otherwise be read as 3 March.
  if (!isIsoDate(day))
    throw new HttpError('REQUEST_INVALID', `day "${day}" is not a calendar date`, {
      location: 'querystring',
      field: 'day',
    });
  const from = Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS;
  return { from, to: from + DAY_MS };
}

function encodeCursor(r: CheckinRow): string {
  return Buffer.from(`${Number(r.at)}|${r.event_id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { at: number; eventId: string } {
  const m = /^(\d{1,16})\|([A-Za-z0-9_.:-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new HttpError('VENUES_HISTORY_CURSOR_INVALID', undefined, { field: 'cursor' });
  return { at: Number(m[1]), eventId: m[2]! };
}

/** One page of a venue's in/out history of one day (oldest first), and the cursor of the next. */
export async function venueHistory(
  db: Kysely<DB>,
  venueId: string,
  opts: { day: string; direction?: Direction | undefined; cursor?: string | undefined; limit: number },
  reader: { actor: AuthClient; route: string; purpose: string; at: Date },
): Promise<{ entries: HistoryEntry[]; next: string | null }> {
  const { from, to } = vietnamDayBounds(opts.day);
  const rows = await repo.venueEvents(db, venueId, {
    from,
    to,
    ...(opts.direction === undefined ? {} : { direction: opts.direction }),
    ...(opts.cursor === undefined ? {} : { after: decodeCursor(opts.cursor) }),
    limit: opts.limit,
  });
  // Each person on the page had their visits read: one audit record each, in one commit, before the answer.
  await recordAudits(
    db,
    [...new Set(rows.map((r) => r.person_id))].map((personId) => ({
      ...reader,
      personId,
      fields: ['checkins'],
      outcome: 'disclosed' as const,
    })),
  );
  return {
    entries: rows.map((r) => ({
      eventId: r.event_id,
      direction: r.direction as Direction,
      at: new Date(Number(r.at)).toISOString(),
      serverAt: new Date(Number(r.server_at)).toISOString(),
      person: maskDocumentNumber(r.person_id),
      source: r.source,
    })),
    next: rows.length === opts.limit ? encodeCursor(rows[rows.length - 1]!) : null,
  };
}

/** Visits longer than this are not counted as still inside (the visit rule's 12 h). */
export const MAX_VISIT_MS = 12 * 3_600_000;

/** Persons inside now: whose last event at the venue in the last 12 h is an `in`. */
export async function occupancy(db: Kysely<DB>, venueId: string, now: Date): Promise<number> {
  const rows = await repo.eventsBetween(db, { venueId }, now.getTime() - MAX_VISIT_MS, now.getTime());
  const last = new Map<string, string>();
  for (const r of rows) last.set(r.person_id, r.direction);
  let inside = 0;
  for (const d of last.values()) if (d === 'in') inside++;
  return inside;
}

/** Creates the day partitions of [from, to] (Unix ms) ahead of a bulk load (PostgreSQL; no-op on SQLite). */
export async function ensureCheckinDays(db: Kysely<DB>, from: number, to: number): Promise<void> {
  if (!isPostgres(db)) return;
  const days: number[] = [];
  for (let d = dayStartOf(from); d <= to; d += DAY_MS) days.push(d);
  await ensurePartitions(db, days);
}

/**
 * Removes events older than `before`: on PostgreSQL by dropping the day partitions that end by
 * then (and deleting the older rows of the day that straddles it), on SQLite by DELETE. Also
 * creates the partitions of the coming days (PostgreSQL). The counts.
 */
export async function purgeCheckins(
  db: Kysely<DB>,
  before: Date,
  now: Date,
): Promise<{ deleted: number; partitionsDropped: number }> {
  if (!isPostgres(db))
    return { deleted: await repo.deleteBefore(db, before.getTime()), partitionsDropped: 0 };
  const r = await dropBefore(db, before.getTime());
  // Every day an accepted event may fall on, so the writer seldom has to create one.
  const today = dayStartOf(now.getTime());
  const days: number[] = [];
  for (let d = dayStartOf(before.getTime()); d <= today + DAYS_AHEAD * DAY_MS; d += DAY_MS) days.push(d);
  await ensurePartitions(db, days);
  return r;
}

/**
 * Entries (`in` events) at every venue on a Vietnam calendar day, per hour 0-23 (the authority
 * console's chart): counts only, no person.
 */
export async function entriesPerHourOfDay(db: Kysely<DB>, day: string): Promise<number[]> {
  const { from, to } = vietnamDayBounds(day);
  const hours = new Array<number>(24).fill(0);
  for (const r of await repo.entriesPerHour(db, from, to)) {
    const h = Math.floor((r.unixHour * 3_600_000 - from) / 3_600_000);
    if (h >= 0 && h < 24) hours[h]! += r.n;
  }
  return hours;
}

/** The newest events the citizen app lists under "my check-ins". */
export const MY_CHECKINS_MAX = 200;

/**
 * A person's own check-ins within the retention period, newest first (at most MY_CHECKINS_MAX),
 * with each venue's name.
 */
export async function myCheckins(
  db: Kysely<DB>,
  personId: string,
  now: Date,
  retentionDays: number,
): Promise<
  { eventId: string; venueId: string; venueName: string | null; direction: Direction; at: string }[]
> {
  const events = await eventsOf(db, { personId }, now.getTime() - retentionDays * DAY_MS, now.getTime());
  const newest = events.reverse().slice(0, MY_CHECKINS_MAX);
  const names = new Map<string, string | null>();
  for (const id of new Set(newest.map((e) => e.venueId)))
    names.set(id, (await findVenue(db, id))?.name ?? null);
  return newest.map((e) => ({
    eventId: e.eventId,
    venueId: e.venueId,
    venueName: names.get(e.venueId) ?? null,
    direction: e.direction,
    at: new Date(e.at).toISOString(),
  }));
}
