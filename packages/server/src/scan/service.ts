/**
 * One endpoint that reads any code and answers by the scanner's role (SPEC §8): venue staff get
 * the masked name and the colour; checkpoint officers the confirmed identity, the colour and the
 * declaration validity; health officers the full identity and health history.
 * Every answer that discloses personal data writes exactly one audit record.
 */
import type { Kysely } from 'kysely';
import {
  read,
  isVerificationCode,
  maskDocumentNumber,
  maskFullName,
  type ReadResult,
  type DccFields,
  type ShcFields,
  type VenueFields,
} from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { recordAudit, type AuthClient } from '../access/service.ts';
import { currentTrustStore } from '../issuers/service.ts';
import {
  evaluateColour,
  evaluateColourAndHistory,
  type ColourAnswer,
  type HealthHistory,
} from '../health/service.ts';
import { HttpError } from '../errors.ts';
import { resolvePerson, type Resolved } from './resolve.ts';

export type ScannerRole = 'venue-staff' | 'checkpoint-officer' | 'health-officer';
export const SCANNER_ROLES: readonly ScannerRole[] = ['venue-staff', 'checkpoint-officer', 'health-officer'];

export const SCAN_ROUTE = '/v1/scan';

/** Reads `text` for `client` at `at`; throws HttpError (nothing disclosed) when it cannot answer. */
export async function scan(
  db: Kysely<DB>,
  client: AuthClient,
  text: string,
  at: Date,
): Promise<Record<string, unknown>> {
  const role = client.role as ScannerRole;
  const trust = await currentTrustStore(db, at);
  const r = await read(text, { trust, at });
  try {
    return await answer(db, client, role, r, at);
  } catch (err) {
    // A refused scan is audited too (nothing disclosed): the person the code names sees the attempt.
    if (err instanceof HttpError) {
      await recordAudit(db, {
        actor: client,
        personId: namedPerson(r),
        fields: [],
        purpose: `scan (${role}): ${err.code}`,
        outcome: 'refused',
        route: SCAN_ROUTE,
        at,
      });
    }
    throw err;
  }
}

/** The id number a person code states (whether or not it verifies), or null. */
function namedPerson(r: ReadResult): string | null {
  const f = r.fields;
  if (!f) return null;
  const id =
    r.kind === 'personal-1405'
      ? f.documentNumber
      : r.kind === 'cccd' || r.kind === 'citizen-id'
        ? f.idNumber
        : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

async function answer(
  db: Kysely<DB>,
  client: AuthClient,
  role: ScannerRole,
  r: ReadResult,
  at: Date,
): Promise<Record<string, unknown>> {
  refuseUnless(r);

  if (r.kind === 'venue') {
    const v = r.fields as unknown as VenueFields;
    // A venue code carries no personal data: nothing to audit.
    return {
      kind: 'venue',
      venue: { id: v.venueId, name: v.name, province: v.province, commune: v.commune },
      issuer: r.signature.issuer ?? null,
    };
  }
  if (r.kind === 'dcc' || r.kind === 'shc') return certificateView(db, client, role, r, at);

  const who = await resolvePerson(db, r);
  const health = await personHealth(db, role, who, at);
  const view = personView(role, r, who, health);
  await recordAudit(db, {
    actor: client,
    personId: who.person?.idNumber ?? who.documentNumber,
    fields: Object.keys(flatten(view)),
    purpose: `scan (${role})`,
    outcome: 'disclosed',
    route: SCAN_ROUTE,
    at,
  });
  return view;
}

/** A code that is unreadable, forged, revoked or signed by an unknown key discloses nothing. */
function refuseUnless(r: ReadResult): void {
  const first = r.errors[0];
  if (
    r.kind === 'unknown' ||
    (first && !r.errors.some((e) => isVerificationCode(e.code)) && r.signature.state !== 'invalid')
  ) {
    throw new HttpError('SCAN_UNREADABLE', first ? `${first.code}: ${first.message}` : undefined, {
      reason: first?.code ?? 'UNRECOGNISED',
    });
  }
  if (r.errors.some((e) => e.code === 'KEY_NOT_TRUSTED')) {
    throw new HttpError('SCAN_KEY_NOT_TRUSTED', undefined, { reason: 'KEY_NOT_TRUSTED' });
  }
  if (r.signature.state === 'invalid') {
    const why = r.errors.find((e) => isVerificationCode(e.code)) ?? first;
    throw new HttpError('SCAN_SIGNATURE_INVALID', why ? `${why.code}: ${why.message}` : undefined, {
      reason: why?.code ?? 'SIGNATURE_INVALID',
    });
  }
}

const noHistory = (): HealthHistory => ({ vaccinations: [], tests: [], caseStatus: null });

/** The colour (and, for health officers, the history) from one read of the person's health rows. */
async function personHealth(
  db: Kysely<DB>,
  role: ScannerRole,
  who: Resolved,
  at: Date,
): Promise<{ colour: ColourAnswer | null; history: HealthHistory }> {
  const p = who.person;
  if (!p) return { colour: null, history: noHistory() };
  if (role === 'health-officer') return evaluateColourAndHistory(db, p.idNumber, p.provinceCode, at);
  return { colour: await evaluateColour(db, p.idNumber, p.provinceCode, at), history: noHistory() };
}

function personView(
  role: ScannerRole,
  r: ReadResult,
  who: Resolved,
  { colour, history }: { colour: ColourAnswer | null; history: HealthHistory },
): Record<string, unknown> {
  if (role === 'venue-staff') {
    // Nothing beyond the masked name and the colour (asserted field by field in the tests).
    return { name: maskFullName(who.nameOnCode), colour: colour?.colour ?? null };
  }
  const identity = {
    confirmed: true,
    source: who.source,
    fullName: who.fullName,
    birthDate: who.birthDate,
  };
  if (role === 'checkpoint-officer') {
    return {
      kind: r.kind,
      identity: { ...identity, documentNumber: maskDocumentNumber(who.documentNumber) },
      colour: colour?.colour ?? null,
      // Movement declarations arrive with the declarations domain.
      declaration: { state: 'none' },
    };
  }
  const p = who.person;
  return {
    kind: r.kind,
    signature: { state: r.signature.state, issuer: r.signature.issuer?.id ?? null },
    identity: {
      ...identity,
      documentNumber: who.documentNumber,
      gender: p?.gender ?? null,
      phone: p?.phone ?? null,
      provinceCode: p?.provinceCode ?? null,
      address: p?.address ?? null,
      qid: p?.qid ?? null,
      inRegistry: p !== undefined,
    },
    colour: colour?.colour ?? null,
    colourRule: colour?.rule ?? null,
    vaccinations: history.vaccinations,
    tests: history.tests,
    caseStatus: history.caseStatus,
  };
}

/** EU DCC / SMART Health Card: not linked to the registry (the DCC carries no ID number). */
async function certificateView(
  db: Kysely<DB>,
  client: AuthClient,
  role: ScannerRole,
  r: ReadResult,
  at: Date,
): Promise<Record<string, unknown>> {
  const holder =
    r.kind === 'dcc'
      ? dccHolder(r.fields as unknown as DccFields)
      : {
          fullName: (r.fields as unknown as ShcFields).patient.name ?? '',
          birthDate: (r.fields as unknown as ShcFields).patient.birthDate ?? '',
        };
  let view: Record<string, unknown>;
  if (role === 'venue-staff') view = { name: maskFullName(holder.fullName), colour: null };
  else if (role === 'checkpoint-officer') {
    view = {
      kind: r.kind,
      identity: { confirmed: false, source: 'certificate', ...holder },
      colour: null,
      certificate: { state: r.signature.state },
      declaration: { state: 'none' },
    };
  } else
    view = {
      kind: r.kind,
      identity: { confirmed: false, source: 'certificate', ...holder },
      certificate: { state: r.signature.state, fields: r.fields },
    };
  await recordAudit(db, {
    actor: client,
    personId: null,
    fields: Object.keys(flatten(view)),
    purpose: `scan (${role}, ${r.kind})`,
    outcome: 'disclosed',
    route: SCAN_ROUTE,
    at,
  });
  return view;
}

function dccHolder(f: DccFields): { fullName: string; birthDate: string } {
  const name = [f.name.familyName ?? f.name.familyNameT, f.name.givenName ?? f.name.givenNameT]
    .filter(Boolean)
    .join(' ');
  return { fullName: name, birthDate: f.dateOfBirth ?? '' };
}

/** Dotted field names of a view, for the audit record ("which fields"). */
function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, true> {
  const out: Record<string, true> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length <= 12 &&
      key.split('.').length < 3
    )
      Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = true;
  }
  return out;
}
