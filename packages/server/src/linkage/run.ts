/**
 * `linkage run`: decides every dose record not yet decided, against an in-memory index of the
 * register, in pages (one transaction each); then records the linked doses as vaccinations of
 * the health domain. Rerunnable: a record once decided is left alone.
 */
import { recordVaccination } from '../health/service.ts';
import type { Store } from '../store/store.ts';
import type { Category, Decision } from './categories.ts';
import { decide, type Outcome } from './decide.ts';
import type { DoseLinkRow, DoseRecordRow } from './linkage.table.ts';
import { loadRegistryIndex, type RegistryIndex } from './registry-index.ts';
import {
  inTransaction,
  selectUnappliedLinks,
  selectUnlinkedPage,
  setVaccinationId,
  upsertLinks,
  type Db,
} from './repository.ts';
import type { RecordFields } from './score.ts';

export interface RunOptions {
  now?: Date;
  /** Records per page (default 5000). */
  pageSize?: number;
  /** Record linked doses in the health domain (default true). */
  applyToHealth?: boolean;
  onProgress?: (recordsDone: number) => void;
  /** An index already loaded (tests and the bench reuse one). */
  index?: RegistryIndex;
}

export interface RunSummary {
  records: number;
  byDecision: Record<Decision, number>;
  byCategory: Partial<Record<Category, number>>;
  /** Linked doses recorded as health vaccinations in this run. */
  applied: number;
  /** Linked doses the health domain refused (reason in the link's features). */
  notApplied: number;
}

export function recordFields(r: DoseRecordRow): RecordFields {
  return {
    idNumber: r.id_number.replace(/\s+/g, '').toUpperCase(),
    nameFolded: r.name_folded,
    birthDate: r.birth_date,
    gender: r.gender === 'male' || r.gender === 'female' ? r.gender : null,
    phone: r.phone,
  };
}

export function linkRow(
  r: { site: string; record_id: string },
  o: Outcome,
  by: string,
  at: number,
): DoseLinkRow {
  return {
    site: r.site,
    record_id: r.record_id,
    decision: o.decision,
    category: o.category,
    check_result: o.check,
    person_id: o.personId,
    score: o.score,
    features: JSON.stringify({ reason: o.reason, considered: o.considered, candidates: o.candidates }),
    decided_by: by,
    decided_at: at,
    vaccination_id: null,
  };
}

export async function runLinkage(store: Store, opts: RunOptions = {}): Promise<RunSummary> {
  const now = opts.now ?? new Date();
  const pageSize = opts.pageSize ?? 5000;
  const index = opts.index ?? (await loadRegistryIndex(store.db));
  const summary: RunSummary = {
    records: 0,
    byDecision: { linked: 0, review: 0, unmatched: 0 },
    byCategory: {},
    applied: 0,
    notApplied: 0,
  };
  let after: { site: string; recordId: string } | null = null;
  for (;;) {
    const page = await selectUnlinkedPage(store.db, after, pageSize);
    if (page.length === 0) break;
    const rows = page.map((r) => {
      const o = decide(index, recordFields(r));
      summary.byDecision[o.decision]++;
      summary.byCategory[o.category] = (summary.byCategory[o.category] ?? 0) + 1;
      return linkRow(r, o, 'auto', now.getTime());
    });
    await upsertLinks(store.db, rows);
    summary.records += page.length;
    opts.onProgress?.(summary.records);
    const last = page[page.length - 1] as DoseRecordRow;
    after = { site: last.site, recordId: last.record_id };
  }
  if (opts.applyToHealth !== false) {
    const applied = await applyLinkedDoses(store.db, now);
    summary.applied = applied.applied;
    summary.notApplied = applied.refused;
  }
  return summary;
}

/**
 * Records every linked dose not yet in the health domain as a vaccination there (through its
 * recordVaccination, which checks the person and the dose), and notes the vaccination id.
 */
export async function applyLinkedDoses(
  db: Db,
  now: Date,
  only?: { site: string; recordId: string },
): Promise<{ applied: number; refused: number }> {
  let applied = 0;
  let refused = 0;
  for (;;) {
    const page = await selectUnappliedLinks(db, 1000, only);
    if (page.length === 0) break;
    // One transaction per page: a commit per dose would cost a disk flush each.
    await inTransaction(db, async (trx) => {
      for (const r of page) {
        try {
          const v = await recordVaccination(
            trx,
            {
              personId: r.person_id,
              vaccineCode: r.vaccine_code,
              lot: r.lot,
              doseNumber: r.dose_number,
              administeredOn: r.vaccination_date,
              site: r.site,
            },
            now,
          );
          await setVaccinationId(trx, r.site, r.record_id, v.id);
          applied++;
        } catch (err) {
          // Refused by the health domain's checks (no SQL ran): marked so the next page moves
          // on, the code kept on the link for the review.
          const code = (err as { code?: string }).code;
          if (code === undefined || !code.startsWith('HEALTH_')) throw err;
          await setVaccinationId(trx, r.site, r.record_id, `refused:${code}`);
          refused++;
        }
      }
    });
  }
  return { applied, refused };
}
