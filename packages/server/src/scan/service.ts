/**
 * One endpoint that reads any code and answers by the scanner's role (SPEC §8): venue staff get
 * the masked name and the colour; checkpoint officers the confirmed identity, the colour and the
 * declaration validity; health officers the full identity and health history. Each answer is
 * one of the views of views.ts, and writes exactly one audit record listing the fields that
 * view declares. Codes answered from the registry rather than a signature are throttled.
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
  type DeclarationFields,
  type TrustStore,
  type DccKeySource,
} from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { recordAudit as writeAudit, type AuditEntry, type AuthClient } from '../access/service.ts';
import { currentTrustStore } from '../issuers/service.ts';
import { foreignKeySources } from '../trust-sources/service.ts';
import { ownDccTrust, type OwnDccTrust } from '../passport/service.ts';
import { readPersonWithHealth, type ColourAnswer, type HealthHistory } from '../health/service.ts';
import { HttpError } from '../errors.ts';
import type { LookupLimits } from '../config.ts';
import { checkDeclarationCode, currentDeclaration, type DeclarationState } from '../declarations/service.ts';
import { isRegistryLookup, resolvePerson, type Resolved } from './resolve.ts';
import { BATCH_WINDOW_MS, refundBatchLookups, reserveBatchLookups, spendLookup } from './lookup-limit.ts';
import type { ScannerRole } from './roles.ts';
import {
  CHECKPOINT_CERTIFICATE,
  CHECKPOINT_DECLARATION,
  CHECKPOINT_PERSON,
  HEALTH_CERTIFICATE,
  HEALTH_PERSON,
  VENUE_CODE,
  VENUE_STAFF,
  shown,
  type ScanAnswerBody,
  type AnyShown,
} from './views.ts';

export { SCANNER_ROLES, type ScannerRole } from './roles.ts';
export { ScanAnswer } from './views.ts';

export const SCAN_ROUTE = '/v1/scan';

/** What the deployment allows a scanner: registry look-ups per minute (0 = no limit). */
export interface ScanPolicy {
  lookupsPerMinute: number;
  /**
   * Spends one registry look-up instead of the client's per-minute budget (throws the refusal).
   * A check-in batch passes its own allowance here (docs/roles.md, "Look-up budgets").
   */
  spendLookup?: () => Promise<void>;
}

/** How a caller that reads many codes at once runs scanSubject. */
export interface ScanBatchOptions {
  /** The trust list to read under, loaded once by the caller. */
  trust?: TrustStore;
  /** When given, audit entries are pushed here for the caller to write in its own transaction. */
  audits?: AuditEntry[];
}

/** What may be scanned beside the code: a movement-declaration QR (checkpoint officers). */
export interface ScanExtras {
  declarationText?: string | undefined;
}

/** Reads `text` for `client` at `at`; throws HttpError (nothing disclosed) when it cannot answer. */
export async function scan(
  db: Kysely<DB>,
  client: AuthClient,
  text: string,
  at: Date,
  policy: ScanPolicy,
  extras: ScanExtras = {},
): Promise<ScanAnswerBody> {
  return (await scanSubject(db, client, text, at, policy, SCAN_ROUTE, extras)).body;
}

/**
 * The same read, audit and throttle as `scan`, also naming whose code it was (the registry id
 * number; null for a venue code or a certificate). Check-in by venue staff goes through here,
 * so it confirms identities exactly as /v1/scan does and is no easier an enumeration oracle.
 */
export async function scanSubject(
  db: Kysely<DB>,
  client: AuthClient,
  text: string,
  at: Date,
  policy: ScanPolicy,
  route = SCAN_ROUTE,
  opts: ScanExtras & ScanBatchOptions = {},
): Promise<{ body: ScanAnswerBody; personId: string | null }> {
  const role = client.role as ScannerRole;
  const trust = opts.trust ?? (await currentTrustStore(db, at));
  // HC1 and shc:/ verify against the imported EU DSC lists and SHC key sets; HC1 also against
  // this server's own DSCs (its passports scan valid without importing its own list).
  const foreign = /^(HC1:|shc:\/)/i.test(text) ? await foreignKeySources(db) : {};
  const own = text.startsWith('HC1:') ? await ownDccTrust(db) : undefined;
  const dccKeys = own ? bothKeySources(own.keys, foreign.dccKeys) : foreign.dccKeys;
  const r = await read(text, { trust, at, ...foreign, dccKeys });
  const audits = opts.audits;
  const recordAudit = async (db: Kysely<DB>, entry: AuditEntry): Promise<void> => {
    if (audits === undefined) await writeAudit(db, entry);
    else audits.push(entry);
  };
  try {
    if (own) refuseRevoked(r, own);
    const { view, body, personId } = await answer(db, client, role, r, at, policy, opts);
    // A venue code carries no personal data: nothing to audit.
    if (view.audits.length > 0) {
      await recordAudit(db, {
        actor: client,
        personId,
        fields: [...view.audits],
        purpose: r.kind === 'dcc' || r.kind === 'shc' ? `scan (${role}, ${r.kind})` : `scan (${role})`,
        outcome: 'disclosed',
        route,
        at,
      });
    }
    return { body, personId };
  } catch (err) {
    // A refused scan is audited too (nothing disclosed): the person the code names sees the
    // attempt. Throttled look-ups are audited once per client and window, not one by one.
    if (err instanceof HttpError && err.code !== 'SCAN_LOOKUP_THROTTLED') {
      await recordAudit(db, {
        actor: client,
        personId: namedPerson(r),
        fields: [],
        purpose: `scan (${role}): ${err.code}${err.auditDetail ? ` (${err.auditDetail})` : ''}`,
        outcome: 'refused',
        route,
        at,
      });
    }
    throw err;
  }
}

/** The id number a person code states (whether or not it verifies), or null. */
function namedPerson(r: ReadResult): string | null {
  if (!r.fields) return null;
  const id =
    r.kind === 'personal-1405'
      ? r.fields.documentNumber
      : r.kind === 'cccd' || r.kind === 'citizen-id' || r.kind === 'declaration'
        ? r.fields.idNumber
        : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The view for the role, and whose data it shows (null: no registry person). */
type Answer = AnyShown & { personId: string | null };

async function answer(
  db: Kysely<DB>,
  client: AuthClient,
  role: ScannerRole,
  r: ReadResult,
  at: Date,
  policy: ScanPolicy,
  extras: ScanExtras,
): Promise<Answer> {
  if (r.kind === 'declaration') return declarationAnswer(db, role, r, at);
  refuseUnless(r);

  if (r.kind === 'venue') {
    const v = r.fields as unknown as VenueFields;
    const issuer = r.signature.issuer ? { id: r.signature.issuer.id, name: r.signature.issuer.name } : null;
    return {
      ...shown(VENUE_CODE, {
        kind: 'venue',
        venue: { id: v.venueId, name: v.name, province: v.province, commune: v.commune },
        issuer,
      }),
      personId: null,
    };
  }
  if (r.kind === 'dcc' || r.kind === 'shc') return { ...certificateView(role, r), personId: null };

  if (isRegistryLookup(r)) {
    if (policy.spendLookup) await policy.spendLookup();
    else await spendRegistryLookup(db, client, at, policy.lookupsPerMinute);
  }
  const who = await resolvePerson(db, role, r, at);
  const health = personHealth(role, who);
  const personId = who.person?.idNumber ?? who.documentNumber;
  const declaration =
    role === 'checkpoint-officer'
      ? await declarationOf(db, personId, who.person !== undefined, extras.declarationText, at)
      : ({ state: 'none' } as const);
  return { ...personView(role, r, who, health, declaration), personId };
}

/** Only what the checkpoint view shows of a declaration state. */
function shownDeclaration(d: DeclarationState & { personId?: string }) {
  const { personId: _p, ...rest } = d;
  return rest;
}

/**
 * The declaration a checkpoint officer sees for a person: the one scanned with the code (it must
 * verify, be on record, unexpired and the person's), else the person's valid one on record.
 */
async function declarationOf(
  db: Kysely<DB>,
  personId: string,
  inRegistry: boolean,
  declarationText: string | undefined,
  at: Date,
): Promise<DeclarationState> {
  if (declarationText === undefined)
    return inRegistry ? currentDeclaration(db, personId, at) : { state: 'none' };
  const trust = await currentTrustStore(db, at);
  const d = await read(declarationText, { trust, at });
  if (d.kind !== 'declaration' || d.fields === null || d.signature.state !== 'valid')
    return { state: 'refused', code: 'DECLARATIONS_QR_INVALID' };
  if (d.errors.length > 0) {
    const expiredOnly = d.errors.every((e) => e.code === 'DECLARATION_EXPIRED');
    return { state: 'refused', code: expiredOnly ? 'DECLARATIONS_QR_EXPIRED' : 'DECLARATIONS_QR_INVALID' };
  }
  return shownDeclaration(await checkDeclarationCode(db, d.fields, at, personId));
}

/**
 * A scanned movement-declaration QR: it must verify under the trust list (the `declaration`
 * right), be on record and unexpired. Officers see whose it is (registry identity, masked
 * document number), the colour and the declaration; venue staff the masked name and colour.
 */
async function declarationAnswer(
  db: Kysely<DB>,
  role: ScannerRole,
  r: Extract<ReadResult, { kind: 'declaration' }>,
  at: Date,
): Promise<Answer> {
  if (
    r.signature.state === 'valid' &&
    r.errors.length > 0 &&
    r.errors.every((e) => e.code === 'DECLARATION_EXPIRED')
  ) {
    throw new HttpError('DECLARATIONS_QR_EXPIRED', r.errors[0]!.message, { reason: 'DECLARATION_EXPIRED' });
  }
  refuseUnless(r);
  const fields = r.fields as DeclarationFields;
  const state = await checkDeclarationCode(db, fields, at);
  if (state.state === 'refused') throw new HttpError(state.code);
  const read = await readPersonWithHealth(db, fields.idNumber, at);
  if (read === undefined) throw new HttpError('DECLARATIONS_QR_UNKNOWN');
  const { person } = read;
  const colour = read.colour();
  if (role === 'venue-staff') {
    return {
      ...shown(VENUE_STAFF, { name: maskFullName(person.fullName), colour: colour?.colour ?? null }),
      personId: person.idNumber,
    };
  }
  return {
    ...shown(CHECKPOINT_DECLARATION, {
      kind: 'declaration',
      identity: {
        confirmed: true,
        source: 'signature',
        fullName: person.fullName,
        birthDate: person.birthDate,
        documentNumber: maskDocumentNumber(person.idNumber),
      },
      colour: colour?.colour ?? null,
      declaration: shownDeclaration(state),
    }),
    personId: person.idNumber,
  };
}

/**
 * Spends one registry look-up of `client` against its per-minute budget (`limit`, 0 = none) and
 * throws 429 SCAN_LOOKUP_THROTTLED over it; the first refusal of a window is audited. Every
 * route that answers a typed ID number from the registry spends here, so they share one budget.
 */
export async function spendRegistryLookup(
  db: Kysely<DB>,
  client: AuthClient,
  at: Date,
  limit: number,
  { route = SCAN_ROUTE, purpose = `scan (${client.role})` }: { route?: string; purpose?: string } = {},
): Promise<void> {
  const budget = await spendLookup(db, client.id, limit, at);
  if (budget.allowed) return;
  if (budget.firstRefusal) {
    await writeAudit(db, {
      actor: client,
      personId: null,
      fields: [],
      purpose: `${purpose}: SCAN_LOOKUP_THROTTLED (over ${limit} look-ups a minute; further refusals this minute are not recorded one by one)`,
      outcome: 'refused',
      route,
      at,
    });
  }
  throw new HttpError(
    'SCAN_LOOKUP_THROTTLED',
    `At most ${limit} look-ups by ID number, CCCD or unsigned code a minute; retry in ${budget.retryAfterSeconds} s`,
    { retryAfterSeconds: budget.retryAfterSeconds },
  );
}

/**
 * spendRegistryLookup for a route that answers a person by a typed ID number: the client's
 * role sets the budget (a role with none configured is not limited), and a refusal sets
 * Retry-After on the reply.
 */
export async function spendRouteLookup(
  db: Kysely<DB>,
  client: AuthClient,
  at: Date,
  limits: LookupLimits,
  audit: { route: string; purpose: string },
  reply: { header(name: string, value: string): unknown },
): Promise<void> {
  try {
    await spendRegistryLookup(db, client, at, limits[client.role as keyof LookupLimits] ?? 0, {
      route: audit.route,
      purpose: `${audit.purpose} (${client.role})`,
    });
  } catch (err) {
    const retry = err instanceof HttpError ? err.details?.retryAfterSeconds : undefined;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    throw err;
  }
}

/** What a route handler spends look-ups with: the app's store, clock and configured budgets. */
export interface LookupApp {
  store: { db: Kysely<DB> };
  clock: () => Date;
  config: { lookupLimitPerMinute: LookupLimits };
}

/** spendRouteLookup from a route handler, for the authenticated client of `request`. */
export function spendRequestLookup(
  app: LookupApp,
  request: { client: AuthClient | null },
  reply: { header(name: string, value: string): unknown },
  audit: { route: string; purpose: string },
): Promise<void> {
  return spendRouteLookup(
    app.store.db,
    request.client!,
    app.clock(),
    app.config.lookupLimitPerMinute,
    audit,
    reply,
  );
}

/** What a check-in batch spends its typed-ID look-ups from (batchLookupAllowance). */
export interface LookupAllowance {
  /** For ScanPolicy.spendLookup: one look-up, or SCAN_LOOKUP_THROTTLED past the grant. */
  spend(): Promise<void>;
  /** Gives back what was reserved and not spent; run it in the batch's transaction. */
  settle(trx: Kysely<DB>): Promise<void>;
}

/**
 * The look-ups one check-in batch of venue staff may spend (docs/roles.md, "Look-up budgets"):
 * `wanted` (an upper bound: the batch's events that carry a personCode) reserved at once from
 * the client's hourly batch budget, a counter apart from the interactive per-minute one, then
 * spent in memory. Past the grant each look-up is refused; the first refusal is audited (pushed
 * to `audits`), later ones in the batch are not one by one.
 */
export async function batchLookupAllowance(
  db: Kysely<DB>,
  client: AuthClient,
  wanted: number,
  at: Date,
  perHour: number,
  audits: AuditEntry[],
  route: string,
): Promise<LookupAllowance> {
  const { granted, windowStart } = await reserveBatchLookups(db, client.id, perHour, wanted, at);
  let spent = 0;
  let refused = false;
  return {
    spend() {
      if (spent < granted) {
        spent++;
        return Promise.resolve();
      }
      if (!refused) {
        refused = true;
        audits.push({
          actor: client,
          personId: null,
          fields: [],
          purpose: `check-in batch (${client.role}): SCAN_LOOKUP_THROTTLED (over ${perHour} look-ups an hour in batches; further refusals of this batch are not recorded one by one)`,
          outcome: 'refused',
          route,
          at,
        });
      }
      const retry = Math.max(1, Math.ceil((windowStart + BATCH_WINDOW_MS - at.getTime()) / 1000));
      return Promise.reject(
        new HttpError(
          'SCAN_LOOKUP_THROTTLED',
          `At most ${perHour} look-ups by ID number, CCCD or unsigned code an hour in batches; retry in ${retry} s`,
          { retryAfterSeconds: retry },
        ),
      );
    },
    settle: (trx) =>
      perHour > 0 ? refundBatchLookups(trx, client.id, windowStart, wanted - spent) : Promise.resolve(),
  };
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

/** Keys from both sources: a kid may be on either list (or, re-imported, on both). */
function bothKeySources(a: DccKeySource, b: DccKeySource | undefined): DccKeySource {
  if (!b) return a;
  return { lookup: async (kid) => [...(await a.lookup(kid)), ...(await b.lookup(kid))] };
}

/** A DCC this server issued and then revoked verifies, but is refused (as a revoked SHC is). */
function refuseRevoked(r: ReadResult, own: OwnDccTrust): void {
  if (r.kind !== 'dcc' || r.signature.state !== 'valid' || !r.fields) return;
  const uvci = (r.fields as unknown as DccFields).certificateIds.find((ci) =>
    own.isRevoked(ci, r.signature.kid),
  );
  if (uvci === undefined) return;
  throw new HttpError(
    'SCAN_SIGNATURE_INVALID',
    `DCC_REVOKED: the issuer revoked this certificate (${uvci})`,
    { reason: 'DCC_REVOKED' },
    'DCC_REVOKED',
  );
}

const noHistory = (): HealthHistory => ({ vaccinations: [], tests: [], caseStatus: null });

/** The colour (and, for health officers, the history) from the rows read with the person. */
function personHealth(
  role: ScannerRole,
  who: Resolved,
): { colour: ColourAnswer | null; history: HealthHistory } {
  const h = who.health;
  if (!h) return { colour: null, history: noHistory() };
  if (role === 'health-officer') return h.colourAndHistory();
  return { colour: h.colour(), history: noHistory() };
}

function personView(
  role: ScannerRole,
  r: ReadResult,
  who: Resolved,
  { colour, history }: { colour: ColourAnswer | null; history: HealthHistory },
  declaration: DeclarationState,
): AnyShown {
  const kind = r.kind as 'personal-1405' | 'cccd' | 'citizen-id';
  const warnings = who.warnings.length > 0 ? { warnings: who.warnings } : {};
  if (role === 'venue-staff') {
    // The name the identity is known by: the signed code's, or the registry's once it confirms
    // the code (not the folded ASCII an unsigned code may carry).
    return shown(VENUE_STAFF, { name: maskFullName(who.fullName), colour: colour?.colour ?? null });
  }
  const identity = {
    confirmed: who.confirmed,
    source: who.source,
    fullName: who.fullName,
    birthDate: who.birthDate,
  };
  if (role === 'checkpoint-officer') {
    return shown(CHECKPOINT_PERSON, {
      kind,
      identity: { ...identity, documentNumber: maskDocumentNumber(who.documentNumber) },
      colour: colour?.colour ?? null,
      declaration,
      ...warnings,
    });
  }
  const p = who.person;
  return shown(HEALTH_PERSON, {
    kind,
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
    ...warnings,
  });
}

/** EU DCC / SMART Health Card: not linked to the registry (the DCC carries no ID number). */
function certificateView(role: ScannerRole, r: ReadResult): AnyShown {
  const kind = r.kind as 'dcc' | 'shc';
  const holder =
    r.kind === 'dcc'
      ? dccHolder(r.fields as unknown as DccFields)
      : {
          fullName: (r.fields as unknown as ShcFields).patient.name ?? '',
          birthDate: (r.fields as unknown as ShcFields).patient.birthDate ?? '',
        };
  const identity = { confirmed: false as const, source: 'certificate' as const, ...holder };
  if (role === 'venue-staff')
    return shown(VENUE_STAFF, { name: maskFullName(holder.fullName), colour: null });
  if (role === 'checkpoint-officer') {
    return shown(CHECKPOINT_CERTIFICATE, {
      kind,
      identity,
      colour: null,
      certificate: { state: r.signature.state },
      declaration: { state: 'none' },
    });
  }
  return shown(HEALTH_CERTIFICATE, {
    kind,
    identity,
    certificate: { state: r.signature.state, fields: r.fields },
  });
}

function dccHolder(f: DccFields): { fullName: string; birthDate: string } {
  const name = [f.name.familyName ?? f.name.familyNameT, f.name.givenName ?? f.name.givenNameT]
    .filter(Boolean)
    .join(' ');
  return { fullName: name, birthDate: f.dateOfBirth ?? '' };
}
