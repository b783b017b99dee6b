/**
 * The declarations domain (SPEC §6, issue 7): health declarations (symptoms, exposure, recent
 * travel) and domestic movement declarations (from / to, route, vehicle, date), made by a
 * citizen for themself or on behalf of a person registered under their QID, or recorded by an
 * officer. Forms are versioned data (forms.ts). A movement declaration yields a QR signed under
 * the trust list, valid 72 hours (docs/declaration-qr.md), which checkpoint officers read
 * through /v1/scan. Tracing reads vehicles and declared close contacts through this file.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  DECLARATION_VALIDITY_SECONDS,
  OneQRError,
  issueDeclaration,
  vietnamToday,
  type DeclarationFields,
} from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { linkedPersonId, recordAudits, type AuthClient } from '../access/service.ts';
import { findPerson } from '../registry/service.ts';
import { signerFor } from '../issuers/service.ts';
import { findForm, formDefinitions, normaliseVehicleRef, validateAnswers, type FormName } from './forms.ts';
import type { DeclarationRow } from './declarations.table.ts';
import * as repo from './repository.ts';

export { formDefinitions, FIELD_CODES, FORM_NAMES, type FormDefinition } from './forms.ts';

export interface DeclarationInput {
  form: string;
  version: number;
  /** The person declared for; default (citizens): oneself. Required for officers. */
  idNumber?: string | undefined;
  answers: Record<string, unknown>;
}

export interface Declaration {
  id: string;
  form: FormName;
  version: number;
  idNumber: string;
  /** The QID of the citizen who declared; null when an officer recorded it. */
  declarerQid: string | null;
  onBehalf: boolean;
  answers: Record<string, unknown>;
  createdAt: string;
  /** Movement declarations: the signed QR (OQD1:…) and the end of its validity. */
  qr: { payload: string; expiresAt: string } | null;
}

/** Road vehicles are matched by plate whatever type was ticked (a plate names one vehicle). */
const CATEGORY: Record<string, string> = {
  car: 'road',
  taxi: 'road',
  bus: 'road',
  coach: 'road',
  motorbike: 'road',
  truck: 'road',
  train: 'rail',
  ship: 'water',
  plane: 'air',
};

/** The normalised vehicle a movement declaration names, e.g. `road:51B12345`, `air:VN123`. */
export function vehicleKey(answers: Record<string, unknown>): string | null {
  const category = CATEGORY[String(answers.vehicleType)];
  const ref = answers.plate ?? answers.flight ?? answers.vehicleNumber;
  if (category === undefined || typeof ref !== 'string') return null;
  return `${category}:${normaliseVehicleRef(ref)}`;
}

function toDeclaration(row: DeclarationRow): Declaration {
  return {
    id: row.id,
    form: row.form as FormName,
    version: Number(row.form_version),
    idNumber: row.person_id,
    declarerQid: row.declarer_qid,
    onBehalf: Number(row.on_behalf) === 1,
    answers: JSON.parse(row.answers) as Record<string, unknown>,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    qr:
      row.qr_payload === null || row.expires_at === null
        ? null
        : { payload: row.qr_payload, expiresAt: new Date(Number(row.expires_at)).toISOString() },
  };
}

/** Who declares for whom: the subject's ID number and the declarer's QID (null: an officer). */
async function subjectOf(
  db: Kysely<DB>,
  actor: AuthClient,
  idNumber: string | undefined,
): Promise<{ personId: string; declarerQid: string | null; onBehalf: boolean }> {
  if (actor.role !== 'citizen') {
    if (idNumber === undefined)
      throw new HttpError('DECLARATIONS_PERSON_REQUIRED', undefined, { field: 'idNumber' });
    if ((await findPerson(db, idNumber)) === undefined)
      throw new HttpError('DECLARATIONS_PERSON_NOT_FOUND', undefined, { field: 'idNumber' });
    return { personId: idNumber, declarerQid: null, onBehalf: true };
  }
  const self = linkedPersonId(actor);
  const me = await findPerson(db, self);
  if (me === undefined)
    throw new HttpError('DECLARATIONS_PERSON_NOT_FOUND', undefined, { field: 'idNumber' });
  if (idNumber === undefined || idNumber === self)
    return { personId: self, declarerQid: me.qid, onBehalf: false };
  // One answer whether the person is unknown or not one's dependent: no registry oracle.
  const other = await findPerson(db, idNumber);
  if (other === undefined || other.declarerQid !== me.qid)
    throw new HttpError('DECLARATIONS_ON_BEHALF_FORBIDDEN', undefined, { field: 'idNumber' });
  return { personId: idNumber, declarerQid: me.qid, onBehalf: true };
}

/**
 * Records a declaration: the form version must exist and every answer pass it (else
 * DECLARATIONS_FORM_INVALID with `details.errors`, one per field); a movement declaration
 * is given its signed QR, valid 72 hours from now.
 */
export async function submitDeclaration(
  db: Kysely<DB>,
  actor: AuthClient,
  input: DeclarationInput,
  opts: { issuerId: string; now: Date },
): Promise<Declaration> {
  const def = findForm(input.form, input.version);
  if (def === undefined) {
    throw new HttpError(
      'DECLARATIONS_FORM_UNKNOWN',
      `No form ${String(input.form).slice(0, 20)} version ${input.version}; known: ${formDefinitions()
        .map((f) => `${f.form} ${f.version}`)
        .join(', ')}`,
      { field: 'version' },
    );
  }
  const { personId, declarerQid, onBehalf } = await subjectOf(db, actor, input.idNumber);
  const { answers, errors } = validateAnswers(def, input.answers, opts.now);
  if (errors.length > 0) {
    throw new HttpError(
      'DECLARATIONS_FORM_INVALID',
      `${errors.length} invalid answer(s): ${errors[0]!.message}`,
      {
        errors,
      },
    );
  }
  const id = crypto.randomBytes(16).toString('base64url');
  const nowMs = opts.now.getTime();
  let qr: string | null = null;
  let expiresAt: number | null = null;
  if (def.form === 'movement') {
    const signer = await signerFor(db, opts.issuerId, 'declaration', opts.now);
    const iat = Math.floor(nowMs / 1000);
    try {
      qr = await issueDeclaration(
        {
          declarationId: id,
          idNumber: personId,
          fromProvince: String(answers.fromProvince),
          toProvince: String(answers.toProvince),
          date: String(answers.date),
        },
        signer,
        iat,
      );
    } catch (err) {
      if (err instanceof OneQRError)
        throw new HttpError('DECLARATIONS_FORM_INVALID', err.message, {
          errors: [{ field: err.field ?? 'form', code: 'FIELD_FORMAT', message: err.message }],
        });
      throw err;
    }
    expiresAt = (iat + DECLARATION_VALIDITY_SECONDS) * 1000;
  }
  const row: DeclarationRow = {
    id,
    form: def.form,
    form_version: def.version,
    person_id: personId,
    declarer_qid: declarerQid,
    declarer_client_id: actor.id,
    on_behalf: onBehalf ? 1 : 0,
    answers: JSON.stringify(answers),
    travel_date: def.form === 'movement' ? String(answers.date) : null,
    vehicle_key: def.form === 'movement' ? vehicleKey(answers) : null,
    qr_payload: qr,
    expires_at: expiresAt,
    created_at: nowMs,
  };
  const contactDate =
    typeof answers.exposureDate === 'string' ? answers.exposureDate : vietnamToday(opts.now);
  const contacts = ((answers.closeContacts as string[] | undefined) ?? [])
    .filter((c) => c !== personId)
    .map((c) => ({
      declaration_id: id,
      person_id: personId,
      contact_id: c,
      contact_date: contactDate,
      created_at: nowMs,
    }));
  await db.transaction().execute((trx) => repo.insertDeclaration(trx, row, contacts));
  return toDeclaration(row);
}

/** A citizen's own declarations and those they made on others' behalf, newest first. */
export async function myDeclarations(db: Kysely<DB>, actor: AuthClient, limit = 100): Promise<Declaration[]> {
  const self = linkedPersonId(actor);
  const me = await findPerson(db, self);
  const rows = await repo.declarationsOf(db, { personId: self, declarerQid: me?.qid }, limit);
  return rows.map(toDeclaration);
}

/** A person's declarations as a health officer reads them (audited). */
export async function declarationsOfPerson(
  db: Kysely<DB>,
  actor: AuthClient,
  idNumber: string,
  now: Date,
  route: string,
): Promise<Declaration[]> {
  if ((await findPerson(db, idNumber)) === undefined)
    throw new HttpError('DECLARATIONS_PERSON_NOT_FOUND', undefined, { field: 'idNumber' });
  const declarations = (await repo.declarationsOf(db, { personId: idNumber }, 100)).map(toDeclaration);
  // The answers name close contacts by ID number: each contact shown is a read of their data too.
  const contacts = new Set(
    declarations
      .flatMap((d) => (Array.isArray(d.answers.closeContacts) ? d.answers.closeContacts : []))
      .filter((c): c is string => typeof c === 'string' && c !== idNumber),
  );
  const entry = { actor, outcome: 'disclosed' as const, route, at: now };
  await recordAudits(db, [
    { ...entry, personId: idNumber, fields: ['declarations'], purpose: `declarations (${actor.role})` },
    ...[...contacts].map((personId) => ({
      ...entry,
      personId,
      fields: ['closeContact'],
      purpose: `named as a close contact in another person's declarations (${actor.role})`,
    })),
  ]);
  return declarations;
}

/** What a checkpoint officer's scan shows of a movement declaration. */
export type DeclarationState =
  | { state: 'none' }
  | {
      state: 'valid';
      id: string;
      date: string;
      fromProvince: string;
      toProvince: string;
      vehicle: string | null;
      validUntil: string;
    }
  | { state: 'refused'; code: DeclarationRefusal };

export type DeclarationRefusal =
  | 'DECLARATIONS_QR_INVALID'
  | 'DECLARATIONS_QR_EXPIRED'
  | 'DECLARATIONS_QR_UNKNOWN'
  | 'DECLARATIONS_QR_OTHER_PERSON';

function validState(row: DeclarationRow): DeclarationState {
  const a = JSON.parse(row.answers) as Record<string, unknown>;
  return {
    state: 'valid',
    id: row.id,
    date: String(a.date),
    fromProvince: String(a.fromProvince),
    toProvince: String(a.toProvince),
    vehicle: row.vehicle_key,
    validUntil: new Date(Number(row.expires_at)).toISOString(),
  };
}

/** The person's movement declaration valid at `at` (latest issued), or none. */
export async function currentDeclaration(
  db: Kysely<DB>,
  personId: string,
  at: Date,
): Promise<DeclarationState> {
  const row = await repo.currentMovementRow(db, personId, at.getTime());
  return row === undefined ? { state: 'none' } : validState(row);
}

/**
 * Checks a declaration QR whose signature verified (the caller reads it): it must name a
 * declaration on record, not expired, and — when `personId` is given — that person's.
 * Returns the state, with the refusal code when it is refused.
 */
export async function checkDeclarationCode(
  db: Kysely<DB>,
  fields: DeclarationFields,
  at: Date,
  personId?: string,
): Promise<DeclarationState & { personId?: string }> {
  const row = await repo.findDeclarationRow(db, fields.declarationId);
  // The signature vouches for the fields; the record must still hold that declaration for that
  // person with that expiry (a purged or unknown one is refused, whatever key signed it).
  if (row === undefined || row.person_id !== fields.idNumber || Number(row.expires_at) !== fields.exp * 1000)
    return { state: 'refused', code: 'DECLARATIONS_QR_UNKNOWN' };
  if (personId !== undefined && row.person_id !== personId)
    return { state: 'refused', code: 'DECLARATIONS_QR_OTHER_PERSON' };
  if (at.getTime() > Number(row.expires_at)) return { state: 'refused', code: 'DECLARATIONS_QR_EXPIRED' };
  return { ...validState(row), personId: row.person_id };
}

/** One exposure by a shared vehicle: another traveller on the same vehicle and date. */
export interface VehicleExposure {
  idNumber: string;
  /** The person it was found through (the F0, or the F1 for an F2). */
  via: string;
  vehicle: string;
  date: string;
}

/**
 * Everyone whose movement declaration names a vehicle and date that one of `personIds` declared
 * with a travel date in `fromDate` … `toDate` (YYYY-MM-DD), other than those persons.
 */
export async function vehicleExposures(
  db: Kysely<DB>,
  personIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<VehicleExposure[]> {
  const out = new Map<string, VehicleExposure>();
  const own = new Set(personIds);
  const seen = new Set<string>();
  for (const m of await repo.movementsOf(db, personIds, fromDate, toDate)) {
    const key = `${m.vehicle_key}|${m.travel_date}`;
    if (seen.has(`${m.person_id}|${key}`)) continue;
    seen.add(`${m.person_id}|${key}`);
    for (const t of await repo.travellersOf(db, m.vehicle_key!, m.travel_date!)) {
      if (own.has(t.person_id)) continue;
      const k = `${t.person_id}|${key}`;
      if (!out.has(k))
        out.set(k, {
          idNumber: t.person_id,
          via: m.person_id,
          vehicle: m.vehicle_key!,
          date: m.travel_date!,
        });
    }
  }
  return [...out.values()].sort(
    (a, b) => a.idNumber.localeCompare(b.idNumber) || a.date.localeCompare(b.date),
  );
}

/** A declared close contact: named by the case in a declaration, or naming the case. */
export interface ContactExposure {
  idNumber: string;
  via: string;
  /** `named-by-case`: the case (or F1) declared this person; `named-case`: this person declared the case. */
  declared: 'named-by-case' | 'named-case';
  date: string | null;
}

/**
 * Declared close contacts of `personIds`, either way (named by them, or naming them), whose
 * contact date (the declared exposure date, else the day of the declaration) is in
 * `fromDate` … `toDate` (YYYY-MM-DD).
 */
export async function contactExposures(
  db: Kysely<DB>,
  personIds: readonly string[],
  fromDate: string,
  toDate: string,
): Promise<ContactExposure[]> {
  const own = new Set(personIds);
  const out = new Map<string, ContactExposure>();
  for (const c of await repo.contactsTouching(db, personIds, fromDate, toDate)) {
    const e: ContactExposure = own.has(c.person_id)
      ? { idNumber: c.contact_id, via: c.person_id, declared: 'named-by-case', date: c.contact_date }
      : { idNumber: c.person_id, via: c.contact_id, declared: 'named-case', date: c.contact_date };
    if (own.has(e.idNumber)) continue;
    if (!out.has(e.idNumber)) out.set(e.idNumber, e);
  }
  return [...out.values()].sort((a, b) => a.idNumber.localeCompare(b.idNumber));
}

/** Deletes declarations made before `before` (retention); the counts. */
export function purgeDeclarations(
  db: Kysely<DB>,
  before: Date,
): Promise<{ declarations: number; contacts: number }> {
  return repo.deleteBefore(db, before.getTime());
}
