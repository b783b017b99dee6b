/**
 * `oneqr venues import FILE.csv`: registers venues from a CSV (header at least
 * venue_id,name,province_code,address; optional district_code, commune_code, owner_name,
 * owner_phone, opens, closes, staff_client_ids separated by `;`). Idempotent: a venue id
 * already registered is left as it is (`unchanged`). Per-row errors carry the line.
 */
import fs from 'node:fs';
import type { Store } from '../store/store.ts';
import { CsvParser, type CsvRecord } from '../registry/index.ts';
import { HttpError } from '../errors.ts';
import { registerVenue, type VenueInput } from './service.ts';

export const VENUE_CSV_REQUIRED = ['venue_id', 'name', 'province_code', 'address'] as const;

export interface VenueImportSummary {
  rows: number;
  inserted: number;
  unchanged: number;
  rejected: number;
  errors: { line: number; code: string; message: string }[];
}

export class VenueImportError extends Error {
  constructor(
    readonly code: 'VENUES_CSV_HEADER',
    message: string,
  ) {
    super(message);
  }
}

export async function importVenuesCsv(
  store: Store,
  file: string,
  opts: { issuerId: string; now?: Date; onProgress?: (rows: number) => void },
): Promise<VenueImportSummary> {
  const summary: VenueImportSummary = { rows: 0, inserted: 0, unchanged: 0, rejected: 0, errors: [] };
  const parser = new CsvParser();
  let header: string[] | undefined;
  const reject = (line: number, code: string, message: string) => {
    summary.rejected++;
    summary.errors.push({ line, code, message });
  };
  const handle = async (rec: CsvRecord): Promise<void> => {
    if (header === undefined) {
      header = rec.fields.map((f) => f.trim().toLowerCase());
      const missing = VENUE_CSV_REQUIRED.filter((c) => !header!.includes(c));
      if (missing.length > 0)
        throw new VenueImportError('VENUES_CSV_HEADER', `header lacks ${missing.join(', ')}`);
      return;
    }
    if (rec.fields.length === 1 && rec.fields[0] === '') return; // blank line
    summary.rows++;
    if (rec.error) return reject(rec.line, rec.error.code, rec.error.message);
    const get = (col: string): string | undefined => {
      const i = header!.indexOf(col);
      const v = i < 0 ? undefined : rec.fields[i]?.trim();
      return v === '' ? undefined : v;
    };
    const opens = get('opens');
    const closes = get('closes');
    const input: VenueInput = {
      id: get('venue_id') ?? '',
      name: get('name') ?? '',
      address: get('address') ?? '',
      provinceCode: get('province_code') ?? '',
      districtCode: get('district_code'),
      communeCode: get('commune_code'),
      ownerName: get('owner_name'),
      ownerPhone: get('owner_phone'),
      openingHours: opens !== undefined && closes !== undefined ? { opens, closes } : undefined,
      staffClientIds: get('staff_client_ids')
        ?.split(';')
        .map((s) => s.trim())
        .filter(Boolean),
    };
    try {
      const r = await registerVenue(store.db, null, input, {
        issuerId: opts.issuerId,
        now: opts.now ?? new Date(),
        ifAbsent: true,
      });
      if (r.created) summary.inserted++;
      else summary.unchanged++;
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      reject(rec.line, err.code, err.message);
    }
    opts.onProgress?.(summary.rows);
  };
  const records: CsvRecord[] = [];
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8' })) {
    parser.push(chunk as string, records);
    for (const r of records.splice(0)) await handle(r);
  }
  parser.end(records);
  for (const r of records.splice(0)) await handle(r);
  if (header === undefined) throw new VenueImportError('VENUES_CSV_HEADER', 'the file is empty');
  return summary;
}
