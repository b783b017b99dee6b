/**
 * Streaming CSV import of the population register: constant memory, batched upserts (one
 * transaction per batch), per-row validation with line numbers, idempotent (a second run of the
 * same file changes nothing; QIDs once assigned are kept).
 */
import fs from 'node:fs';
import type { Store } from '../store/store.ts';
import { CsvParser, type CsvRecord } from './csv.ts';
import { OPTIONAL, REQUIRED } from './columns.ts';
import { validatePerson, type PersonField, type PersonInput } from './validate.ts';
import { writePersonBatch, type BatchItem } from './write-batch.ts';
import { widenSqliteCache } from './repository.ts';

export interface ImportOptions {
  /** Called after each batch; cheap, so a progress bar can redraw on every call. */
  onProgress?: (rowsDone: number, bytesDone: number, bytesTotal: number) => void;
  /** Rows per transaction (default 10,000; written in statements of 1000 rows). */
  batchSize?: number;
  /** The instant that stamps the rows and judges "future" dates (default: now). */
  now?: Date;
}

export interface ImportRowError {
  line: number;
  /** The CSV column (`id_number`, …), or `row` for a problem with the record as a whole. */
  field: string;
  code: string;
  message: string;
}

export interface ImportResult {
  /** Data records read (blank lines not counted) = inserted + updated + unchanged + rejected. */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows imported although their ID disagrees with the birth year or gender (SPEC §3.1). */
  warnings: number;
  /** The first 1000 problems (a rejected row may list several). */
  errors: ImportRowError[];
}

/** Thrown before any write when the file cannot be imported at all (empty, header incomplete). */
export class RegistryImportError extends Error {
  readonly code: 'REGISTRY_CSV_EMPTY' | 'REGISTRY_CSV_HEADER_MISSING' | 'REGISTRY_CSV_HEADER_DUPLICATE';
  constructor(code: RegistryImportError['code'], message: string) {
    super(message);
    this.name = 'RegistryImportError';
    this.code = code;
  }
}

const COLUMN_OF: Record<PersonField, string> = Object.fromEntries(
  Object.entries({ ...REQUIRED, ...OPTIONAL }).map(([col, f]) => [f, col]),
) as Record<PersonField, string>;

export const MAX_ERRORS_KEPT = 1000;
/** Rows per transaction: fewer, larger commits are much faster with random-key indexes. */
export const DEFAULT_BATCH_ROWS = 10_000;

type ColumnIndex = [field: PersonField, index: number][];

function readHeader(rec: CsvRecord): ColumnIndex {
  const names = rec.fields.map((f) => f.trim().toLowerCase());
  const index: ColumnIndex = [];
  for (const [col, field] of Object.entries({ ...REQUIRED, ...OPTIONAL })) {
    const at = names.indexOf(col);
    if (at >= 0 && names.indexOf(col, at + 1) >= 0) {
      throw new RegistryImportError('REGISTRY_CSV_HEADER_DUPLICATE', `The header names column ${col} twice.`);
    }
    if (at >= 0) index.push([field, at]);
  }
  const missing = Object.keys(REQUIRED).filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new RegistryImportError(
      'REGISTRY_CSV_HEADER_MISSING',
      `The header lacks required column(s): ${missing.join(', ')} (need ${Object.keys(REQUIRED).join(',')}).`,
    );
  }
  return index;
}

/**
 * Imports a registry CSV (UTF-8, header with at least id_number,full_name,birth_date,gender,
 * phone,province_code,address in any order; extra columns ignored). Throws RegistryImportError
 * before writing anything when the header is unusable; bad rows are counted and listed, not thrown.
 */
export async function importRegistryCsv(
  store: Store,
  filePath: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_ROWS);
  const now = opts.now ?? new Date();
  const nowMs = now.getTime();
  const bytesTotal = (await fs.promises.stat(filePath)).size;
  const result: ImportResult = {
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    warnings: 0,
    errors: [],
  };
  const fail = (e: ImportRowError): void => {
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push(e);
  };

  let columns: ColumnIndex | null = null;
  let width = 0;
  let batch: BatchItem[] = [];
  const stream = fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const parser = new CsvParser();
  const records: CsvRecord[] = [];

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const out = await writePersonBatch(store.db, batch, nowMs);
    result.inserted += out.inserted;
    result.updated += out.updated;
    result.unchanged += out.unchanged;
    result.rejected += out.duplicates.length;
    for (const d of out.duplicates) {
      fail({
        line: d.line,
        field: 'id_number',
        code: 'REGISTRY_ID_DUPLICATE',
        message: `ID number already appears on line ${d.firstLine}.`,
      });
    }
    batch = [];
    opts.onProgress?.(result.rows, stream.bytesRead, bytesTotal);
  };

  const take = (rec: CsvRecord): void => {
    if (columns === null) {
      columns = readHeader(rec);
      width = Math.max(...columns.map(([, i]) => i)) + 1;
      return;
    }
    result.rows++;
    if (rec.error || rec.fields.length < width) {
      result.rejected++;
      const e = rec.error ?? {
        code: 'REGISTRY_CSV_FIELD_COUNT',
        message: `The record has ${rec.fields.length} fields; the header needs at least ${width}.`,
      };
      fail({ line: rec.line, field: 'row', ...e });
      return;
    }
    const input: PersonInput = { idNumber: '', fullName: '', birthDate: '' };
    for (const [field, i] of columns) input[field] = rec.fields[i] as string;
    const v = validatePerson(input, now);
    if (v.person === null) {
      result.rejected++;
      for (const e of v.errors)
        fail({ line: rec.line, field: COLUMN_OF[e.field], code: e.code, message: e.message });
      return;
    }
    if (v.warnings.length > 0) result.warnings++;
    batch.push({ line: rec.line, person: v.person });
  };

  const restoreCache = await widenSqliteCache(store);
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.push(chunk, records);
      for (const rec of records) {
        take(rec);
        if (batch.length >= batchSize) await flush();
      }
      records.length = 0;
    }
    parser.end(records);
    for (const rec of records) take(rec);
    if (columns === null) throw new RegistryImportError('REGISTRY_CSV_EMPTY', 'The file has no header row.');
    await flush();
  } finally {
    stream.destroy();
    await restoreCache();
  }
  opts.onProgress?.(result.rows, bytesTotal, bytesTotal);
  return result;
}

/**
 * Adds persons that come from a trusted program, not a file (the synthetic population), in
 * batches of DEFAULT_BATCH_ROWS; validated and normalised like import rows, so a person written
 * here equals the imported one, and idempotent like the import. An invalid person is a bug in
 * the caller: it throws. Returns how many were inserted, updated or already there.
 */
export async function importPersons(
  store: Store,
  persons: Iterable<PersonInput>,
  now: Date,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const total = { inserted: 0, updated: 0, unchanged: 0 };
  let batch: BatchItem[] = [];
  const flush = async (): Promise<void> => {
    const r = await writePersonBatch(store.db, batch, now.getTime());
    total.inserted += r.inserted;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    batch = [];
  };
  const restoreCache = await widenSqliteCache(store);
  try {
    let i = 0;
    for (const p of persons) {
      const v = validatePerson(p, now);
      if (v.person === null) throw new Error(`generated person ${i} is invalid: ${v.errors[0]?.code}`);
      batch.push({ line: i + 2, person: v.person });
      i++;
      if (batch.length >= DEFAULT_BATCH_ROWS) await flush();
    }
    if (batch.length > 0) await flush();
  } finally {
    await restoreCache();
  }
  return total;
}
