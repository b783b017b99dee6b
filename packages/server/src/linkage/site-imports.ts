/**
 * HTTP uploads of dose files by vaccination sites (and health officers): each upload is recorded
 * with its counts and first row errors, so a site reads back its own results later. A site's
 * client uploads for its own site only and sees only its own uploads.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AuthClient } from '../access/service.ts';
import { HttpError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { DoseImportError, importDoseStream, type DoseImportResult } from './dose-import.ts';
import type { DoseImportRow } from './linkage.table.ts';
import { finishImport, insertImport, selectImport, selectImports } from './repository.ts';

export type ImportStatus = 'running' | 'done' | 'failed';

export interface ImportSummary {
  id: string;
  site: string;
  clientId: string;
  format: string;
  status: ImportStatus;
  failure: string | null;
  rows: number;
  inserted: number;
  unchanged: number;
  rejected: number;
  startedAt: string;
  finishedAt: string | null;
}

export type ImportDetail = ImportSummary & { errors: DoseImportResult['errors'] };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

function summary(r: Omit<DoseImportRow, 'errors'>): ImportSummary {
  return {
    id: r.id,
    site: r.site,
    clientId: r.client_id,
    format: r.format,
    status: r.status as ImportStatus,
    failure: r.failure,
    rows: Number(r.rows),
    inserted: Number(r.inserted),
    unchanged: Number(r.unchanged),
    rejected: Number(r.rejected),
    startedAt: iso(r.started_at) as string,
    finishedAt: iso(r.finished_at),
  };
}

/** The site a client may act for: its own for a site client, any for a health officer. */
export function siteScope(client: AuthClient): string | null {
  if (client.role !== 'vaccination-site') return null;
  // A site client without a site (created before the binding was required) acts for none.
  return client.siteId ?? '\u0000';
}

/**
 * Imports an uploaded dose file for `site` and records the upload. A site client naming another
 * site is refused before anything is read (403 LINKAGE_SITE_FORBIDDEN); rows of another site
 * in the file are row errors.
 */
export async function uploadDoses(
  store: Store,
  client: AuthClient,
  input: { site: string; body: Readable; bytesTotal: number; format: 'csv' | 'jsonl'; clock: () => Date },
): Promise<DoseImportResult & { importId: string }> {
  const scope = siteScope(client);
  if (scope !== null && scope !== input.site) throw new HttpError('LINKAGE_SITE_FORBIDDEN');
  const id = crypto.randomUUID();
  const now = input.clock();
  await insertImport(store.db, {
    id,
    site: input.site,
    clientId: client.id,
    format: input.format,
    at: now.getTime(),
  });
  const end = { rows: 0, inserted: 0, unchanged: 0, rejected: 0, errors: '[]' };
  try {
    const r = await importDoseStream(store, input.body, input.bytesTotal, {
      now,
      site: input.site,
      format: input.format,
    });
    await finishImport(store.db, id, {
      ...r,
      status: 'done',
      failure: null,
      errors: JSON.stringify(r.errors),
      at: input.clock().getTime(),
    });
    return { ...r, importId: id };
  } catch (err) {
    const failure =
      err instanceof DoseImportError
        ? `${err.code}: ${err.message}`
        : 'DOSE_UPLOAD_ABORTED: the upload broke off';
    // Whole batches committed before the failure stay (a rerun skips them); the counts are unknown.
    await finishImport(store.db, id, { ...end, status: 'failed', failure, at: input.clock().getTime() });
    if (err instanceof DoseImportError) throw new HttpError('LINKAGE_UPLOAD_INVALID', failure);
    throw err;
  }
}

/** The uploads the client may see, newest first. */
export async function listImports(
  db: Store['db'],
  client: AuthClient,
  opts: { site?: string | undefined; limit?: number | undefined },
): Promise<ImportSummary[]> {
  const scope = siteScope(client);
  const site = scope ?? opts.site ?? null;
  if (scope !== null && opts.site !== undefined && opts.site !== scope) return [];
  return (await selectImports(db, site, Math.min(200, opts.limit ?? 50))).map(summary);
}

/** One upload with its row errors; another site's upload is as absent as a missing one. */
export async function getImport(db: Store['db'], client: AuthClient, id: string): Promise<ImportDetail> {
  const row = await selectImport(db, id);
  const scope = siteScope(client);
  if (!row || (scope !== null && row.site !== scope)) throw new HttpError('LINKAGE_IMPORT_NOT_FOUND');
  return { ...summary(row), errors: JSON.parse(row.errors) as DoseImportResult['errors'] };
}
