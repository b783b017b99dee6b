/**
 * Streaming import of dose records (CSV or JSON lines) as vaccination sites send them: constant
 * memory, per-row errors with line, field and reason, one transaction per batch, idempotent by
 * (site, record_id). A batch commits whole or not at all, and a rerun skips the records already
 * in, so an import killed midway and run again ends with every good record exactly once.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { MIN_BIRTH_DATE, foldName, vietnamToday } from '@oneqr/qr';
import { CsvParser, type CsvRecord } from '../registry/index.ts';
import type { Store } from '../store/store.ts';
import type { NewDoseRecordRow } from './linkage.table.ts';
import type { DoseRowCode } from './codes.ts';
import { insertDoseRecords } from './repository.ts';
import { readSiteDate, readSiteGender, readSiteVaccine } from './site-values.ts';

/** The CSV columns a dose file must name (any order; extra columns ignored). A contract. */
export const DOSE_COLUMNS = [
  'record_id',
  'site',
  'id_number',
  'full_name',
  'birth_date',
  'gender',
  'phone',
  'vaccine',
  'lot',
  'vaccination_date',
  'dose_number',
] as const;
export type DoseColumn = (typeof DOSE_COLUMNS)[number];
export const DOSE_CSV_HEADER = DOSE_COLUMNS.join(',');

export const MAX_LINE_CHARS = 64 * 1024;
const MAX_KEY = 100;
const MAX_NAME = 200;
const MAX_OTHER = 64;
export const MAX_ERRORS_KEPT = 1000;
export const DEFAULT_DOSE_BATCH = 5000;

export interface DoseImportOptions {
  onProgress?: (rowsDone: number, bytesDone: number, bytesTotal: number) => void;
  batchSize?: number;
  now?: Date;
  /** 'csv' | 'jsonl'; by default sniffed from the first character ('{' → JSON lines). */
  format?: 'csv' | 'jsonl';
  /** Only records of this site are accepted (an HTTP upload by a site's client). */
  site?: string;
}

export interface DoseRowError {
  line: number;
  /** The column, or `row` for the record as a whole. */
  field: string;
  code: string;
  message: string;
}

export interface DoseImportResult {
  rows: number;
  inserted: number;
  /** Already imported earlier (same site and record_id): left as they were. */
  unchanged: number;
  rejected: number;
  errors: DoseRowError[];
}

export class DoseImportError extends Error {
  readonly code: 'DOSE_FILE_EMPTY' | 'DOSE_HEADER_MISSING' | 'DOSE_HEADER_DUPLICATE';
  constructor(code: DoseImportError['code'], message: string) {
    super(message);
    this.name = 'DoseImportError';
    this.code = code;
  }
}

type Raw = Partial<Record<DoseColumn, string>>;
type Problem = { field: string; code: DoseRowCode; message: string };

// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const BAD_CHARS = /[\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One raw record → a row to store, or its problems (every field checked). */
export function readDoseRecord(
  raw: Raw,
  today: string,
  now: number,
  onlySite?: string,
): NewDoseRecordRow | Problem[] {
  const problems: Problem[] = [];
  const get = (col: DoseColumn, max = MAX_OTHER): string => {
    const v = (raw[col] ?? '').normalize('NFC').trim();
    if (BAD_CHARS.test(v)) {
      problems.push({
        field: col,
        code: 'DOSE_ENCODING',
        message: `${col} holds bytes that are not UTF-8 text.`,
      });
      return '';
    }
    if (v.length > max) {
      problems.push({
        field: col,
        code: 'DOSE_FIELD_TOO_LONG',
        message: `${col} is longer than ${max} characters.`,
      });
      return '';
    }
    return v;
  };
  const recordId = get('record_id', MAX_KEY);
  const site = get('site', MAX_KEY);
  for (const [col, v] of [
    ['record_id', recordId],
    ['site', site],
  ] as const) {
    if (v === '' && !problems.some((p) => p.field === col))
      problems.push({ field: col, code: 'DOSE_KEY_INVALID', message: `${col} is empty.` });
  }
  if (onlySite !== undefined && site !== '' && site !== onlySite)
    problems.push({
      field: 'site',
      code: 'DOSE_KEY_INVALID',
      message: `site must be ${onlySite}, the uploader's own.`,
    });
  const idNumber = get('id_number');
  const fullName = get('full_name', MAX_NAME).replace(/\s+/g, ' ');
  const birthText = get('birth_date');
  const birthDate = birthText === '' ? null : readSiteDate(birthText);
  if (birthText !== '' && birthDate === null)
    problems.push({
      field: 'birth_date',
      code: 'DOSE_BIRTH_DATE_INVALID',
      message: `birth_date "${birthText}" is not a real date written YYYY-MM-DD or DD/MM/YYYY.`,
    });
  const gender = readSiteGender(get('gender'));
  const phone = get('phone').replace(/[\s.-]/g, '');
  const vaccineInput = get('vaccine');
  const vaccineCode = readSiteVaccine(vaccineInput);
  if (vaccineCode === null && !problems.some((p) => p.field === 'vaccine'))
    problems.push({
      field: 'vaccine',
      code: 'DOSE_VACCINE_UNKNOWN',
      message: `vaccine "${vaccineInput}" is not a vaccine licensed in Vietnam (EU code or known name).`,
    });
  const lot = get('lot');
  const dateText = get('vaccination_date');
  const vaccinationDate = readSiteDate(dateText);
  if (vaccinationDate === null)
    problems.push({
      field: 'vaccination_date',
      code: 'DOSE_DATE_INVALID',
      message: `vaccination_date "${dateText}" is not a real date written YYYY-MM-DD or DD/MM/YYYY.`,
    });
  else if (vaccinationDate < MIN_BIRTH_DATE)
    problems.push({
      field: 'vaccination_date',
      code: 'DOSE_DATE_INVALID',
      message: `vaccination_date ${vaccinationDate} is before ${MIN_BIRTH_DATE}.`,
    });
  else if (vaccinationDate > today)
    problems.push({
      field: 'vaccination_date',
      code: 'DOSE_DATE_FUTURE',
      message: 'vaccination_date is later than today.',
    });
  const doseText = get('dose_number');
  const dose = /^\d{1,2}$/.test(doseText) ? Number(doseText) : NaN;
  if (!(dose >= 1 && dose <= 10))
    problems.push({
      field: 'dose_number',
      code: 'DOSE_NUMBER_INVALID',
      message: 'dose_number must be a whole number from 1 to 10.',
    });
  if (problems.length > 0) return problems;
  return {
    site,
    record_id: recordId,
    id_number: idNumber,
    full_name: fullName,
    name_folded: foldName(fullName),
    birth_date: birthDate,
    gender,
    phone: phone === '' ? null : phone,
    vaccine_code: vaccineCode as string,
    vaccine_input: vaccineInput,
    lot: lot === '' ? null : lot,
    vaccination_date: vaccinationDate as string,
    dose_number: dose,
    imported_at: now,
  };
}

/** Splits text into lines (LF or CRLF) with a bounded length: a longer line is cut and flagged. */
class LineSplitter {
  private buf = '';
  private line = 0;
  private tooLong = false;
  push(chunk: string, out: { line: number; text: string; tooLong: boolean }[]): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      const piece = nl < 0 ? chunk.slice(start) : chunk.slice(start, nl);
      if (!this.tooLong) {
        if (this.buf.length + piece.length > MAX_LINE_CHARS) {
          this.tooLong = true;
          this.buf = '';
        } else this.buf += piece;
      }
      if (nl < 0) return;
      this.emit(out);
      start = nl + 1;
    }
  }
  end(out: { line: number; text: string; tooLong: boolean }[]): void {
    if (this.buf !== '' || this.tooLong) this.emit(out);
  }
  private emit(out: { line: number; text: string; tooLong: boolean }[]): void {
    this.line++;
    const text = this.buf.endsWith('\r') ? this.buf.slice(0, -1) : this.buf;
    if (text.trim() !== '' || this.tooLong) out.push({ line: this.line, text, tooLong: this.tooLong });
    this.buf = '';
    this.tooLong = false;
  }
}

function jsonRecord(text: string): Raw | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const raw: Raw = {};
  for (const col of DOSE_COLUMNS) {
    const v = (value as Record<string, unknown>)[col];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') raw[col] = v;
    else if (typeof v === 'number' && Number.isFinite(v)) raw[col] = String(v);
    else return null;
  }
  return raw;
}

/** Imports a dose file from disk. See {@link importDoseStream}. */
export async function importDoseFile(
  store: Store,
  filePath: string,
  opts: DoseImportOptions = {},
): Promise<DoseImportResult> {
  const bytesTotal = (await fs.promises.stat(filePath)).size;
  const stream = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  try {
    return await importDoseStream(store, stream, bytesTotal, opts);
  } finally {
    stream.destroy();
  }
}

/**
 * Imports dose records from a byte stream (UTF-8; a BOM is skipped). Throws DoseImportError
 * before any write when a CSV header lacks a column or the input is empty; row problems are
 * counted and listed (the first 1000), never thrown.
 */
export async function importDoseStream(
  store: Store,
  input: Readable,
  bytesTotal: number,
  opts: DoseImportOptions = {},
): Promise<DoseImportResult> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_DOSE_BATCH);
  const now = opts.now ?? new Date();
  const today = vietnamToday(now);
  const result: DoseImportResult = { rows: 0, inserted: 0, unchanged: 0, rejected: 0, errors: [] };
  const fail = (e: DoseRowError): void => {
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push(e);
  };
  let bytesDone = 0;
  let format = opts.format;
  let header: Map<DoseColumn, number> | null = null;
  let width = 0;
  const csv = new CsvParser();
  const lines = new LineSplitter();
  const csvOut: CsvRecord[] = [];
  const lineOut: { line: number; text: string; tooLong: boolean }[] = [];
  let batch: { line: number; row: NewDoseRecordRow }[] = [];

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const seen = new Map<string, number>();
    const rows: NewDoseRecordRow[] = [];
    for (const { line, row } of batch) {
      const key = `${row.site}\u0000${row.record_id}`;
      const first = seen.get(key);
      if (first !== undefined) {
        result.rejected++;
        fail({
          line,
          field: 'record_id',
          code: 'DOSE_DUPLICATE',
          message: `site and record_id already appear on line ${first}.`,
        });
      } else {
        seen.set(key, line);
        rows.push(row);
      }
    }
    const inserted = await insertDoseRecords(store.db, rows);
    result.inserted += inserted;
    result.unchanged += rows.length - inserted;
    batch = [];
    opts.onProgress?.(result.rows, bytesDone, bytesTotal);
  };

  const take = (line: number, raw: Raw): void => {
    const out = readDoseRecord(raw, today, now.getTime(), opts.site);
    if (Array.isArray(out)) {
      result.rejected++;
      for (const p of out) fail({ line, ...p });
    } else batch.push({ line, row: out });
  };

  const takeCsv = (rec: CsvRecord): void => {
    if (header === null) {
      const names = rec.fields.map((f) => f.trim().toLowerCase());
      header = new Map();
      for (const col of DOSE_COLUMNS) {
        const at = names.indexOf(col);
        if (at >= 0 && names.indexOf(col, at + 1) >= 0)
          throw new DoseImportError('DOSE_HEADER_DUPLICATE', `The header names column ${col} twice.`);
        if (at >= 0) header.set(col, at);
      }
      const missing = DOSE_COLUMNS.filter((c) => !header?.has(c));
      if (missing.length > 0)
        throw new DoseImportError(
          'DOSE_HEADER_MISSING',
          `The header lacks column(s): ${missing.join(', ')} (need ${DOSE_CSV_HEADER}).`,
        );
      width = names.length;
      return;
    }
    result.rows++;
    if (rec.error || rec.fields.length !== width) {
      result.rejected++;
      fail({
        line: rec.line,
        field: 'row',
        ...(rec.error ?? {
          code: 'REGISTRY_CSV_FIELD_COUNT',
          message: `The record has ${rec.fields.length} fields; the header has ${width}.`,
        }),
      });
      return;
    }
    const raw: Raw = {};
    for (const [col, i] of header) raw[col] = rec.fields[i];
    take(rec.line, raw);
  };

  const takeLine = (l: { line: number; text: string; tooLong: boolean }): void => {
    result.rows++;
    if (l.tooLong) {
      result.rejected++;
      fail({
        line: l.line,
        field: 'row',
        code: 'REGISTRY_CSV_ROW_TOO_LONG',
        message: `The line is longer than ${MAX_LINE_CHARS} characters.`,
      });
      return;
    }
    const raw = jsonRecord(l.text);
    if (raw === null) {
      result.rejected++;
      fail({
        line: l.line,
        field: 'row',
        code: 'DOSE_JSON_INVALID',
        message: 'The line is not a JSON object of strings and numbers.',
      });
      return;
    }
    take(l.line, raw);
  };

  input.setEncoding('utf8');
  let started = false;
  for await (const piece of input as AsyncIterable<string>) {
    let chunk = piece;
    bytesDone =
      (input as Readable & { bytesRead?: number }).bytesRead ?? bytesDone + Buffer.byteLength(chunk);
    if (!started && chunk.length > 0) {
      started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      format ??= chunk.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    }
    if (format === 'jsonl') {
      lines.push(chunk, lineOut);
      for (const l of lineOut) {
        takeLine(l);
        if (batch.length >= batchSize) await flush();
      }
      lineOut.length = 0;
    } else {
      csv.push(chunk, csvOut);
      for (const rec of csvOut) {
        takeCsv(rec);
        if (batch.length >= batchSize) await flush();
      }
      csvOut.length = 0;
    }
  }
  if (format === 'jsonl') {
    lines.end(lineOut);
    for (const l of lineOut) takeLine(l);
  } else {
    csv.end(csvOut);
    for (const rec of csvOut) takeCsv(rec);
    if (header === null) throw new DoseImportError('DOSE_FILE_EMPTY', 'The file has no header row.');
  }
  if (!started) throw new DoseImportError('DOSE_FILE_EMPTY', 'The file is empty.');
  await flush();
  opts.onProgress?.(result.rows, bytesTotal, bytesTotal);
  return result;
}
