/**
 * `oneqr checkins import FILE.jsonl` and `oneqr checkins generate`: one JSON object a line,
 * `{"eventId","idNumber","venueId","direction":"in"|"out","at"}` (a contract). The import is
 * streamed in batches of 1,000, idempotent by eventId, with per-line errors.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import type { Store } from '../store/store.ts';
import { loadConfig } from '../config.ts';
import { daysBefore, generateCheckins, generatedPersonIds } from '../seed/index.ts';
import { importCheckins, MAX_BATCH, type ImportEvent } from './service.ts';

export interface CheckinImportSummary {
  lines: number;
  stored: number;
  duplicate: number;
  rejected: number;
  errors: { line: number; code: string; message: string }[];
}

/** Keeps the first errors in full; the count is always exact. */
const MAX_ERRORS = 10_000;

export async function importCheckinsFile(
  store: Store,
  file: string,
  opts: { now?: Date; onProgress?: (bytes: number, total: number) => void } = {},
): Promise<CheckinImportSummary> {
  const config = loadConfig();
  const policy = { retentionDays: config.retentionDays, skewSeconds: config.checkinSkewSeconds };
  const total = (await fs.promises.stat(file)).size;
  const summary: CheckinImportSummary = { lines: 0, stored: 0, duplicate: 0, rejected: 0, errors: [] };
  const error = (line: number, code: string, message: string) => {
    summary.rejected++;
    if (summary.errors.length < MAX_ERRORS) summary.errors.push({ line, code, message });
  };
  let batch: { line: number; event: ImportEvent }[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await importCheckins(
      store.db,
      batch.map((b) => b.event),
      opts.now ?? new Date(),
      policy,
    );
    results.forEach((r, i) => {
      if (r.status === 'rejected') error(batch[i]!.line, r.code, r.message);
      else summary[r.status]++;
    });
    batch = [];
    opts.onProgress?.(bytes, total);
  };
  const lines = readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const text of lines) {
    n++;
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    summary.lines++;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      error(n, 'CHECKINS_EVENT_INVALID', 'the line is not JSON');
      continue;
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      error(n, 'CHECKINS_EVENT_INVALID', 'the line is not a JSON object');
      continue;
    }
    batch.push({ line: n, event: event as ImportEvent });
    if (batch.length >= MAX_BATCH) await flush();
  }
  await flush();
  return summary;
}

/**
 * Writes D days of check-ins for the first N persons `oneqr registry generate` makes (seed 1405)
 * and venues `venue-0` … `venue-(M-1)`, ending yesterday (Vietnam time) unless `start` is given.
 */
export async function generateCheckinsFile(
  out: string,
  opts: {
    persons: number;
    venues: number;
    days: number;
    seed: number;
    start?: number;
    onProgress?: (n: number) => void;
  },
): Promise<{ events: number }> {
  const personIds = generatedPersonIds(opts.persons);
  const venueIds = Array.from({ length: opts.venues }, (_, i) => `venue-${i}`);
  const stream = fs.createWriteStream(out, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  let events = 0;
  let chunk = '';
  const start = opts.start ?? daysBefore(new Date(), opts.days);
  for (const e of generateCheckins({ personIds, venueIds, days: opts.days, seed: opts.seed, start })) {
    chunk += `${JSON.stringify(e)}\n`;
    events++;
    if (chunk.length > 64 * 1024) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
      chunk = '';
      opts.onProgress?.(events);
    }
  }
  stream.end(chunk);
  await Promise.race([once(stream, 'finish'), failed]);
  opts.onProgress?.(events);
  return { events };
}
