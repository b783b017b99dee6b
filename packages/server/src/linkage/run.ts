/**
 * `linkage run`: decides every dose record not yet decided, against an in-memory index of the
 * register, in pages (one transaction each); then records the linked doses as vaccinations of
 * the health domain. Rerunnable: a record once decided is left alone.
 */
import { recordVaccinations } from '../health/service.ts';
import { HttpError } from '../errors.ts';
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
  type RecordKey,
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
  const apply = opts.applyToHealth !== false;
  let after: RecordKey | null = null;
  for (;;) {
    const page = await selectUnlinkedPage(store.db, after, pageSize);
    if (page.length === 0) break;
    const rows = page.map((r) => {
      const o = decide(index, recordFields(r));
      summary.byDecision[o.decision]++;
      summary.byCategory[o.category] = (summary.byCategory[o.category] ?? 0) + 1;
      return linkRow(r, o, 'auto', now.getTime());
    });
    // The page's links and their health vaccinations commit together: no link is left linked
    // but unrecorded, and no vaccination without its link.
    await inTransaction(store.db, async (trx) => {
      if (apply) {
        const linked = rows.flatMap((row, i) =>
          row.decision === 'linked' && row.person_id !== null
            ? [{ row, record: page[i] as DoseRecordRow }]
            : [],
        );
        const got = await recordDoses(
          trx,
          linked.map(({ row, record }) => ({ ...record, person_id: row.person_id as string })),
          now,
        );
        linked.forEach(({ row }, i) => (row.vaccination_id = got.ids[i] as string));
        summary.applied += got.applied;
        summary.notApplied += got.refused;
      }
      await upsertLinks(trx, rows);
    });
    summary.records += page.length;
    opts.onProgress?.(summary.records);
    const last = page[page.length - 1] as DoseRecordRow;
    after = { site: last.site, recordId: last.record_id };
  }
  if (apply) {
    // Links decided earlier without the health step (applyToHealth: false, or an older run).
    const applied = await applyLinkedDoses(store.db, now);
    summary.applied += applied.applied;
    summary.notApplied += applied.refused;
  }
  return summary;
}

type LinkedDose = Pick<
  DoseRecordRow,
  'site' | 'record_id' | 'vaccine_code' | 'lot' | 'dose_number' | 'vaccination_date'
> & { person_id: string };

/**
 * Records linked doses as vaccinations of the health domain (its recordVaccinations checks the
 * person and the dose); returns, in order, the vaccination id or `refused:<code>` for each.
 */
async function recordDoses(
  db: Db,
  doses: readonly LinkedDose[],
  now: Date,
): Promise<{ ids: string[]; applied: number; refused: number }> {
  const out = await recordVaccinations(
    db,
    doses.map((r) => ({
      personId: r.person_id,
      vaccineCode: r.vaccine_code,
      lot: r.lot,
      doseNumber: r.dose_number,
      administeredOn: r.vaccination_date,
      site: r.site,
    })),
    now,
  );
  let refused = 0;
  // Refused by the health domain's checks: marked so a later pass moves on, the code kept on
  // the link for the review.
  const ids = out.map((v) => (v instanceof HttpError ? (refused++, `refused:${v.code}`) : v.id));
  return { ids, applied: ids.length - refused, refused };
}

/**
 * Records every linked dose not yet in the health domain as a vaccination there, and notes the
 * vaccination id (or the refusal) on the link.
 */
export async function applyLinkedDoses(
  db: Db,
  now: Date,
  only?: RecordKey,
): Promise<{ applied: number; refused: number }> {
  let applied = 0;
  let refused = 0;
  for (;;) {
    const page = await selectUnappliedLinks(db, 1000, only);
    if (page.length === 0) break;
    // One transaction per page: a commit per dose would cost a disk flush each.
    await inTransaction(db, async (trx) => {
      const got = await recordDoses(trx, page, now);
      for (const [i, r] of page.entries())
        await setVaccinationId(trx, r.site, r.record_id, got.ids[i] as string);
      applied += got.applied;
      refused += got.refused;
    });
  }
  return { applied, refused };
}
