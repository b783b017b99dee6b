/**
 * Foreign trust sources: EU gateway DSC lists and SMART Health Card key sets with their
 * revocation lists, imported by an admin (CLI or route) and stored as imported. Every HC1 and
 * shc:/ scan verifies against all of them. Content is checked by the library's parsers at
 * import (refused whole when malformed or forged) and again when loaded.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  attachShcCrls,
  dccKeySourceFromCertificates,
  detectTrustSource,
  parseDscList,
  parseShcCrl,
  parseShcJwks,
  shcKeySourceFromIssuers,
  type DccKeySource,
  type Issue,
  type ShcIssuerKeys,
  type ShcKeySource,
  type ShcRevocationList,
} from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { recordAudit, type AuthClient } from '../access/service.ts';
import { HttpError } from '../errors.ts';
import type { TrustSourceRow } from './trust-sources.table.ts';

export const TRUST_SOURCES_ROUTE = '/v1/admin/trust-sources';

/** What an import or a listing shows of a source (never its content). */
export interface TrustSourceInfo {
  id: string;
  kind: string;
  name: string;
  entries: number;
  importedAt: string;
  importedBy: string;
}

/** The key sources scans verify against. */
export interface ForeignKeySources {
  dccKeys?: DccKeySource;
  shcKeys?: ShcKeySource;
}

type Parsed =
  | { kind: 'eu-dsc-list'; entries: number; ders: Uint8Array[] }
  | { kind: 'shc-jwks'; entries: number; set: ShcIssuerKeys }
  | { kind: 'shc-crl'; entries: number; crl: ShcRevocationList };

function invalid(i: Issue): HttpError {
  return new HttpError('TRUST_SOURCE_INVALID', `${i.code}: ${i.message}`, { code: i.code });
}

/** Parses one source; throws the HttpError naming why it is refused. */
async function parse(content: string): Promise<Parsed> {
  const kind = detectTrustSource(content);
  if (!kind.ok) {
    const code = kind.issue.code;
    if (code === 'TRUST_SOURCE_AMBIGUOUS') throw new HttpError('TRUST_SOURCE_AMBIGUOUS', kind.issue.message);
    if (code === 'TRUST_SOURCE_UNREADABLE')
      throw new HttpError('TRUST_SOURCE_UNREADABLE', kind.issue.message);
    throw invalid(kind.issue);
  }
  switch (kind.value) {
    case 'eu-dsc-list': {
      const list = await parseDscList(content);
      if (!list.ok) throw invalid(list.issue);
      return { kind: kind.value, entries: list.value.length, ders: list.value.map((e) => e.der) };
    }
    case 'shc-jwks': {
      const set = await parseShcJwks(content);
      if (!set.ok) throw invalid(set.issue);
      return { kind: kind.value, entries: set.value.keys.length, set: set.value };
    }
    case 'shc-crl': {
      const crl = parseShcCrl(content);
      if (!crl.ok) throw invalid(crl.issue);
      return { kind: kind.value, entries: crl.value.rids.length, crl: crl.value };
    }
    default:
      throw new HttpError('TRUST_SOURCE_UNSUPPORTED');
  }
}

function info(row: TrustSourceRow): TrustSourceInfo {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    entries: Number(row.entries),
    importedAt: new Date(Number(row.imported_at)).toISOString(),
    importedBy: row.imported_by,
  };
}

/**
 * Imports one trust source (the file's text) for `actor`, audited. The same content imported
 * again is the same source (`created: false`). A revocation list needs its key set imported
 * first. Throws HttpError TRUST_SOURCE_* when refused.
 */
export async function importTrustSource(
  db: Kysely<DB>,
  actor: AuthClient,
  input: { name: string; content: string },
  now: Date,
): Promise<{ source: TrustSourceInfo; created: boolean }> {
  const id = createHash('sha256').update(input.content).digest('hex');
  let parsed: Parsed;
  try {
    parsed = await parse(input.content);
    if (parsed.kind === 'shc-crl') {
      const sets = (await loadParsed(db)).sets;
      if (attachShcCrls(sets, [parsed.crl]).orphans.length > 0)
        throw new HttpError('TRUST_SOURCE_CRL_ORPHAN');
    }
  } catch (err) {
    // A refused import is audited too: a forged key list is worth knowing about.
    if (err instanceof HttpError) {
      const reason = typeof err.details?.code === 'string' ? ` (${err.details.code})` : '';
      await recordAudit(db, {
        actor,
        personId: null,
        fields: [],
        purpose: `trust source import refused: ${err.code}${reason} ${JSON.stringify(input.name)} sha256 ${id}`,
        outcome: 'refused',
        route: TRUST_SOURCES_ROUTE,
        at: now,
      });
    }
    throw err;
  }
  const row: TrustSourceRow = {
    id,
    kind: parsed.kind,
    name: input.name,
    content: input.content,
    entries: parsed.entries,
    imported_at: now.getTime(),
    imported_by: actor.name,
  };
  const inserted = await db
    .insertInto('trust_sources')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  const stored = await db
    .selectFrom('trust_sources')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await recordAudit(db, {
    actor,
    personId: null,
    fields: [],
    purpose: `trust source import: ${parsed.kind} ${JSON.stringify(input.name)} sha256 ${id}${created ? '' : ' (already imported)'}`,
    outcome: 'disclosed',
    route: TRUST_SOURCES_ROUTE,
    at: now,
  });
  return { source: info(stored), created };
}

/** Every imported source, newest first (without content). */
export async function listTrustSources(db: Kysely<DB>): Promise<TrustSourceInfo[]> {
  const rows = await db
    .selectFrom('trust_sources')
    .select(['id', 'kind', 'name', 'entries', 'imported_at', 'imported_by'])
    .orderBy('imported_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => info({ ...r, content: '' }));
}

/** The stored sources parsed (a row that no longer parses is skipped: it was checked at import). */
async function loadParsed(db: Kysely<DB>): Promise<{ ders: Uint8Array[]; sets: ShcIssuerKeys[] }> {
  const rows = await db.selectFrom('trust_sources').select(['content']).orderBy('id').execute();
  const ders: Uint8Array[] = [];
  const sets: ShcIssuerKeys[] = [];
  const crls: ShcRevocationList[] = [];
  for (const { content } of rows) {
    let p: Parsed;
    try {
      p = await parse(content);
    } catch {
      continue;
    }
    if (p.kind === 'eu-dsc-list') ders.push(...p.ders);
    else if (p.kind === 'shc-jwks') sets.push(p.set);
    else crls.push(p.crl);
  }
  return { ders, sets: attachShcCrls(sets, crls).sets };
}

/**
 * Built key sources, per database, rebuilt when the set of sources changes (another node's
 * import included: the stamp is read from the database on every call, the content only on change).
 */
const cache = new WeakMap<Kysely<DB>, { stamp: string; sources: Promise<ForeignKeySources> }>();

/** The key sources every HC1 / shc:/ scan verifies against; empty when nothing was imported. */
export async function foreignKeySources(db: Kysely<DB>): Promise<ForeignKeySources> {
  const s = await db
    .selectFrom('trust_sources')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('last')])
    .executeTakeFirst();
  const stamp = `${Number(s?.n ?? 0)}:${String(s?.last ?? '')}`;
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.sources;
  const sources = loadParsed(db).then(({ ders, sets }) => ({
    ...(ders.length > 0 && { dccKeys: dccKeySourceFromCertificates(ders) }),
    ...(sets.length > 0 && { shcKeys: shcKeySourceFromIssuers(sets) }),
  }));
  // A failed load must not stick: the next scan tries again.
  sources.catch(() => cache.delete(db));
  cache.set(db, { stamp, sources });
  return sources;
}
