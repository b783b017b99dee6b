/** Reports: counts by category, by the linked person's birth province and by site; a person's linked doses. */
import { PROVINCES } from '@oneqr/qr';
import { selectCounts, selectLinkedDoses, type Db } from './repository.ts';

export interface LinkageReport {
  /** decision → category → records; undecided records under unmatched/not-yet-verified. */
  byCategory: Record<string, Record<string, number>>;
  /** Linked records by the person's birth province (2-digit GSO code, from the ID prefix). */
  byProvince: Record<string, number>;
  /** site → decision (or not-yet-verified) → records. */
  bySite: Record<string, Record<string, number>>;
}

const PROVINCE_OF_PREFIX = new Map(PROVINCES.map((p) => [p.code, p.code.slice(1)]));

export async function linkageReport(db: Db): Promise<LinkageReport> {
  const c = await selectCounts(db);
  const byCategory: LinkageReport['byCategory'] = {};
  for (const r of c.byCategory) (byCategory[r.decision] ??= {})[r.category] = Number(r.n);
  if (c.undecided > 0) (byCategory.unmatched ??= {})['not-yet-verified'] = c.undecided;
  const byProvince: Record<string, number> = {};
  for (const r of c.byProvince) {
    // A CMND or passport has no birth province in its number.
    const key = PROVINCE_OF_PREFIX.get(r.prefix) ?? 'unknown';
    byProvince[key] = (byProvince[key] ?? 0) + Number(r.n);
  }
  const bySite: LinkageReport['bySite'] = {};
  for (const r of c.bySite) (bySite[r.site] ??= {})[r.decision ?? 'not-yet-verified'] = Number(r.n);
  return { byCategory, byProvince, bySite };
}

export interface LinkedDose {
  site: string;
  recordId: string;
  vaccineCode: string;
  lot: string | null;
  vaccinationDate: string;
  doseNumber: number;
  category: string;
  score: number | null;
  decidedBy: string;
  /** The health vaccination id, once recorded there. */
  vaccinationId: string | null;
}

/** A person's vaccination history as linked, by date. */
export async function linkedHistory(db: Db, personId: string): Promise<LinkedDose[]> {
  return (await selectLinkedDoses(db, personId)).map((r) => ({
    site: r.site,
    recordId: r.record_id,
    vaccineCode: r.vaccine_code,
    lot: r.lot,
    vaccinationDate: r.vaccination_date,
    doseNumber: r.dose_number,
    category: r.category,
    score: r.score,
    decidedBy: r.decided_by,
    vaccinationId: r.vaccination_id?.startsWith('refused:') ? null : (r.vaccination_id ?? null),
  }));
}
