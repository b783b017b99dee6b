/**
 * The venues domain's exported functions (SPEC §6): register a venue, give it a venue QR signed
 * under the trust list (docs/venue-qr.md), list, suspend and close it. A venue-owner manages
 * its own venues; admins and provincial officers manage all. First argument: db or a
 * transaction; time is passed in.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  issueVenue,
  isPhone,
  OneQRError,
  read,
  VENUE_ID_MAX,
  type TrustStore,
  type VenueFields,
} from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import type { AuthClient } from '../access/service.ts';
import { addRevocation, currentTrustStore, signerFor } from '../issuers/service.ts';
import type { VenueRow } from './venues.table.ts';
import * as repo from './repository.ts';

export { venuePosterSvg } from './poster.ts';
export { venuePosterPdf } from './poster-pdf.ts';

export const VENUE_STATUSES = ['active', 'suspended', 'closed'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];

export const VENUE_ID_PATTERN = `^[A-Za-z0-9_-]{1,${VENUE_ID_MAX}}$`;
const VENUE_ID = new RegExp(VENUE_ID_PATTERN);
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Opening hours: one daily span (closes before opens: open past midnight). */
export interface OpeningHours {
  opens: string;
  closes: string;
}

export interface VenueInput {
  /** The id the venue QR carries; generated when absent. */
  id?: string | undefined;
  name: string;
  address: string;
  provinceCode: string;
  districtCode?: string | undefined;
  communeCode?: string | undefined;
  ownerName?: string | undefined;
  ownerPhone?: string | undefined;
  openingHours?: OpeningHours | undefined;
  /** Clients (venue-staff) allowed to scan for the venue. */
  staffClientIds?: readonly string[] | undefined;
}

export interface Venue {
  id: string;
  name: string;
  address: string;
  provinceCode: string;
  districtCode: string | null;
  communeCode: string | null;
  ownerName: string | null;
  ownerPhone: string | null;
  ownerClientId: string | null;
  openingHours: OpeningHours | null;
  staffClientIds: string[];
  status: VenueStatus;
  /** The signed venue QR text (OQV1:…). */
  qrPayload: string;
  createdAt: string;
  updatedAt: string;
}

/** Roles that manage every venue; a venue-owner manages those it registered. */
const MANAGE_ALL: readonly string[] = ['admin', 'provincial-officer'];

function toVenue(row: VenueRow): Venue {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    provinceCode: row.province_code,
    districtCode: row.district_code,
    communeCode: row.commune_code,
    ownerName: row.owner_name,
    ownerPhone: row.owner_phone,
    ownerClientId: row.owner_client_id,
    openingHours: row.opening_hours === null ? null : (JSON.parse(row.opening_hours) as OpeningHours),
    staffClientIds: JSON.parse(row.staff_client_ids) as string[],
    status: (VENUE_STATUSES as readonly string[]).includes(row.status)
      ? (row.status as VenueStatus)
      : 'closed',
    qrPayload: row.qr_payload,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

const invalid = (field: string, message: string): HttpError =>
  new HttpError('VENUES_INVALID', `${field}: ${message}`, { field });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The checks the schema cannot make (and all of them for callers without one: the CSV import). */
function check(input: VenueInput): void {
  if (input.id !== undefined && !VENUE_ID.test(input.id))
    throw invalid('id', `1-${VENUE_ID_MAX} characters of A-Z a-z 0-9 _ -`);
  const text = (field: string, v: string | undefined, max: number, required: boolean): void => {
    if (v === undefined || v.trim() === '') {
      if (required) throw invalid(field, 'required');
      return;
    }
    if (v.length > max || CONTROL.test(v)) throw invalid(field, `at most ${max} printable characters`);
  };
  text('name', input.name, 200, true);
  text('address', input.address, 300, true);
  text('ownerName', input.ownerName, 100, false);
  if (!/^\d{2}$/.test(input.provinceCode)) throw invalid('provinceCode', 'two digits (GSO code)');
  if (input.districtCode !== undefined && !/^\d{3}$/.test(input.districtCode))
    throw invalid('districtCode', 'three digits (GSO code)');
  if (input.communeCode !== undefined && !/^\d{5}$/.test(input.communeCode))
    throw invalid('communeCode', 'five digits (GSO code)');
  if (input.ownerPhone !== undefined && !isPhone(input.ownerPhone))
    throw invalid('ownerPhone', '10 digits starting with 0');
  const h = input.openingHours;
  if (h !== undefined && (!HHMM.test(h.opens) || !HHMM.test(h.closes)))
    throw invalid('openingHours', 'opens and closes as HH:MM');
  const staff = input.staffClientIds ?? [];
  if (staff.length > 100 || staff.some((s) => s.length === 0 || s.length > 64))
    throw invalid('staffClientIds', 'at most 100 client ids of 1-64 characters');
}

/** Whether `actor` may manage the venue (null actor: the operator's CLI). */
export function mayManage(actor: AuthClient | null, venue: Pick<Venue, 'ownerClientId'>): boolean {
  if (actor === null || MANAGE_ALL.includes(actor.role)) return true;
  return actor.role === 'venue-owner' && venue.ownerClientId === actor.id;
}

/** The venue if `actor` may manage it; throws VENUES_NOT_FOUND or VENUES_FORBIDDEN. */
export async function manageableVenue(db: Kysely<DB>, actor: AuthClient | null, id: string): Promise<Venue> {
  const row = await repo.findVenueRow(db, id);
  if (row === undefined) throw new HttpError('VENUES_NOT_FOUND', `No venue with id ${id}`);
  const venue = toVenue(row);
  if (!mayManage(actor, venue)) throw new HttpError('VENUES_FORBIDDEN');
  return venue;
}

/** Signs the venue QR with the platform issuer's current venue key. */
async function signedQr(
  db: Kysely<DB>,
  issuerId: string,
  v: { id: string; name: string; provinceCode: string; communeCode?: string | undefined },
  now: Date,
): Promise<string> {
  const signer = await signerFor(db, issuerId, 'venue', now);
  try {
    return await issueVenue(
      {
        venueId: v.id,
        name: v.name,
        province: v.provinceCode,
        ...(v.communeCode === undefined ? {} : { commune: v.communeCode }),
      },
      signer,
      Math.floor(now.getTime() / 1000),
    );
  } catch (err) {
    if (err instanceof OneQRError) {
      const field =
        err.code === 'VENUE_NAME_TOO_LONG' || err.code === 'VENUE_NAME_FORMAT' ? 'name' : err.field;
      throw new HttpError('VENUES_INVALID', err.message, { field: field ?? null, reason: err.code });
    }
    throw err;
  }
}

/**
 * Registers a venue and signs its QR. With `ifAbsent`, an existing id is answered with the
 * existing venue (the CSV import is idempotent); otherwise it is VENUES_ALREADY_EXISTS.
 */
export async function registerVenue(
  db: Kysely<DB>,
  actor: AuthClient | null,
  input: VenueInput,
  opts: { issuerId: string; now: Date; ifAbsent?: boolean },
): Promise<{ venue: Venue; created: boolean }> {
  check(input);
  const id = input.id ?? crypto.randomBytes(16).toString('base64url');
  const existing = await repo.findVenueRow(db, id);
  if (existing !== undefined) {
    if (opts.ifAbsent) return { venue: toVenue(existing), created: false };
    throw new HttpError('VENUES_ALREADY_EXISTS', `A venue with id ${id} already exists`);
  }
  const qr = await signedQr(db, opts.issuerId, { ...input, id }, opts.now);
  const row: VenueRow = {
    id,
    name: input.name.trim(),
    address: input.address.trim(),
    province_code: input.provinceCode,
    district_code: input.districtCode ?? null,
    commune_code: input.communeCode ?? null,
    owner_name: input.ownerName ?? null,
    owner_phone: input.ownerPhone ?? null,
    owner_client_id: actor?.role === 'venue-owner' ? actor.id : null,
    opening_hours: input.openingHours === undefined ? null : JSON.stringify(input.openingHours),
    staff_client_ids: JSON.stringify([...new Set(input.staffClientIds ?? [])]),
    status: 'active',
    qr_payload: qr,
    created_at: opts.now.getTime(),
    updated_at: opts.now.getTime(),
  };
  if (!(await repo.insertVenueRow(db, row))) {
    // Registered concurrently under the same id.
    const raced = await repo.findVenueRow(db, id);
    if (opts.ifAbsent && raced) return { venue: toVenue(raced), created: false };
    throw new HttpError('VENUES_ALREADY_EXISTS', `A venue with id ${id} already exists`);
  }
  return { venue: toVenue(row), created: true };
}

/** One venue, or undefined (no permission check: callers decide what to show). */
export async function findVenue(db: Kysely<DB>, id: string): Promise<Venue | undefined> {
  const row = await repo.findVenueRow(db, id);
  return row === undefined ? undefined : toVenue(row);
}

/** The venues `actor` manages, by id, one page after `after`. */
export async function listVenues(
  db: Kysely<DB>,
  actor: AuthClient,
  opts: { after?: string | undefined; limit: number },
): Promise<Venue[]> {
  const rows = await repo.listVenueRows(db, {
    ...(MANAGE_ALL.includes(actor.role) ? {} : { ownerClientId: actor.id }),
    ...(opts.after === undefined ? {} : { after: opts.after }),
    limit: opts.limit,
  });
  return rows.map(toVenue);
}

/**
 * Suspends, re-activates or closes a venue. Closing is final and revokes its QR codes in the
 * trust list (`venue:<id>`), so scanners holding the new list refuse the printed poster.
 */
export async function setVenueStatus(
  db: Kysely<DB>,
  actor: AuthClient | null,
  id: string,
  status: VenueStatus,
  now: Date,
): Promise<Venue> {
  const run = async (trx: Kysely<DB>): Promise<Venue> => {
    const venue = await manageableVenue(trx, actor, id);
    if (venue.status === 'closed') throw new HttpError('VENUES_CLOSED');
    await repo.updateVenueRow(trx, id, { status, updated_at: now.getTime() });
    if (status === 'closed') {
      await addRevocation(trx, { qid: `venue:${id}`, before: Math.floor(now.getTime() / 1000) + 1 }, now);
    }
    return { ...venue, status, updatedAt: now.toISOString() };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

/** Why a scanned venue code is refused (a code of the checkins domain's table). */
export type VenueCodeProblem = { reason: string; message: string };

/**
 * Reads a scanned venue QR: it must be a venue code with a valid signature under the current
 * trust list (not revoked). Returns the venue id it names, or the problem.
 */
export async function readVenueCode(
  db: Kysely<DB>,
  text: string,
  at: Date,
  /** The trust list, when the caller loaded it once for many codes. */
  trust?: TrustStore,
): Promise<{ ok: true; venueId: string } | ({ ok: false } & VenueCodeProblem)> {
  const r = await read(text, { trust: trust ?? (await currentTrustStore(db, at)), at });
  if (r.kind !== 'venue') return { ok: false, reason: 'NOT_A_VENUE_CODE', message: `a ${r.kind} code` };
  const first = r.errors[0];
  if (r.signature.state !== 'valid' || first !== undefined) {
    return {
      ok: false,
      reason: first?.code ?? `SIGNATURE_${r.signature.state.toUpperCase()}`,
      message: first?.message ?? 'the venue code is not validly signed',
    };
  }
  return { ok: true, venueId: (r.fields as unknown as VenueFields).venueId };
}
