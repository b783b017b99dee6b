/**
 * `linkage export`: one row per dose record, `record_id,site,decision,id_number,score,category`
 * (a contract outside evaluations use). `id_number` is the linked person's, empty unless linked;
 * a record not yet decided is `unmatched` with category `not-yet-verified`.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { csvField } from '../registry/index.ts';
import type { Category, CheckResult, Decision } from './categories.ts';
import { selectExportPage, type Db } from './repository.ts';

export const EXPORT_CSV_HEADER = 'record_id,site,decision,id_number,score,category';

export interface ExportRow {
  recordId: string;
  site: string;
  decision: Decision;
  idNumber: string;
  score: number | null;
  category: Category;
  check: CheckResult;
  /** The person proposed for review (empty otherwise). */
  candidate: string;
}

/** Every dose record with its decision, page by page. */
export async function* exportRows(db: Db, pageSize = 10_000): AsyncGenerator<ExportRow> {
  let after: { site: string; recordId: string } | null = null;
  for (;;) {
    const page = await selectExportPage(db, after, pageSize);
    for (const r of page) {
      const decision = (r.decision ?? 'unmatched') as Decision;
      yield {
        recordId: r.record_id,
        site: r.site,
        decision,
        idNumber: decision === 'linked' ? (r.person_id ?? '') : '',
        score: r.score ?? null,
        category: (r.category ?? 'not-yet-verified') as Category,
        check: (r.check_result ?? 'not-yet-verified') as CheckResult,
        candidate: decision === 'review' ? (r.person_id ?? '') : '',
      };
    }
    if (page.length < pageSize) return;
    const last = page[page.length - 1] as (typeof page)[number];
    after = { site: last.site, recordId: last.record_id };
  }
}

/** Writes the export CSV; returns the number of rows. */
export async function exportLinks(db: Db, outPath: string): Promise<number> {
  const out = fs.createWriteStream(outPath, { encoding: 'utf8' });
  let n = 0;
  let buf = `${EXPORT_CSV_HEADER}\n`;
  try {
    for await (const r of exportRows(db)) {
      n++;
      buf += `${csvField(r.recordId)},${csvField(r.site)},${r.decision},${r.idNumber},${r.score ?? ''},${r.category}\n`;
      if (buf.length > 64 * 1024) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return n;
}
