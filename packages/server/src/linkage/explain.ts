/** `linkage explain`: a record's decision, the candidates considered, their features and scores. */
import type { Scored } from './score.ts';
import { selectDoseRecordsById, selectLink, type Db } from './repository.ts';
import type { DoseRecordRow } from './linkage.table.ts';

export interface Explanation {
  record: DoseRecordRow;
  decision: string;
  category: string;
  check: string;
  personId: string | null;
  score: number | null;
  decidedBy: string | null;
  reason: string;
  considered: number;
  candidates: Scored[];
}

/** Every record with this record_id (one per site that used it). */
export async function explainRecord(db: Db, recordId: string): Promise<Explanation[]> {
  const out: Explanation[] = [];
  for (const record of await selectDoseRecordsById(db, recordId)) {
    const link = await selectLink(db, record.site, record.record_id);
    if (!link) {
      out.push({
        record,
        decision: 'unmatched',
        category: 'not-yet-verified',
        check: 'not-yet-verified',
        personId: null,
        score: null,
        decidedBy: null,
        reason: 'Not yet verified: run `oneqr linkage run`.',
        considered: 0,
        candidates: [],
      });
      continue;
    }
    const f = JSON.parse(link.features) as { reason: string; considered: number; candidates: Scored[] };
    out.push({
      record,
      decision: link.decision,
      category: link.category,
      check: link.check_result,
      personId: link.person_id,
      score: link.score,
      decidedBy: link.decided_by,
      reason: f.reason,
      considered: f.considered,
      candidates: f.candidates,
    });
  }
  return out;
}
