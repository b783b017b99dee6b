/**
 * The decision for one dose record: the exact check of SPEC §7 (ID number, then folded name,
 * birth date and gender, by the registry's own rule), then — when that does not match — the
 * candidates of the blocking search, scored, against the thresholds.
 */
import { isCmndNumber, isIdNumber } from '@oneqr/qr';
import { firstMismatch, type IdentityMismatch } from '../registry/service.ts';
import type { CheckResult, Category, Decision } from './categories.ts';
import type { RegistryIndex } from './registry-index.ts';
import { AUTO_LINK, AUTO_MARGIN, REVIEW, scoreCandidate, type RecordFields, type Scored } from './score.ts';

/** Candidates kept in the stored explanation. */
const KEEP = 3;

export interface Outcome {
  decision: Decision;
  category: Category;
  check: CheckResult;
  personId: string | null;
  score: number | null;
  /** Why, in words. */
  reason: string;
  /** The best candidates, best first, with their features. */
  candidates: Scored[];
  considered: number;
}

const MISMATCH_CHECK: Record<IdentityMismatch, CheckResult> = {
  'not-found': 'id-not-found',
  qid: 'id-not-found',
  fullName: 'name-mismatch',
  birthDate: 'birth-date-mismatch',
  gender: 'gender-mismatch',
};

/** SPEC §7's exact check of one record. */
export function exactCheck(index: RegistryIndex, rec: RecordFields): { check: CheckResult; at?: number } {
  const id = rec.idNumber;
  if (id === '') return { check: 'no-id-number' };
  if (!isIdNumber(id) && !isCmndNumber(id)) return { check: 'wrong-id-format' };
  const at = index.byIdNumber(id);
  if (at === undefined) return { check: 'id-not-found' };
  const mismatch = firstMismatch(
    { fullName: index.names[at] as string, birthDate: index.dob(at), gender: index.gender(at) },
    {
      idNumber: id,
      fullName: rec.nameFolded,
      birthDate: rec.birthDate ?? '',
      gender: rec.gender ?? undefined,
    },
  );
  return { check: mismatch === null ? 'matched' : MISMATCH_CHECK[mismatch], at };
}

export function decide(index: RegistryIndex, rec: RecordFields): Outcome {
  const { check, at } = exactCheck(index, rec);
  // An exact match needs no search (three records in four, in the real data).
  const ids = check === 'matched' ? [] : index.candidates(rec);
  if (at !== undefined && !ids.includes(at)) ids.push(at);
  const scored = ids.map((i) => scoreCandidate(index, rec, i)).sort((a, b) => b.score - a.score);
  const candidates = scored.slice(0, KEEP);
  const base = { check, candidates, considered: ids.length };
  if (check === 'matched') {
    const own = scored.find((s) => s.personId === rec.idNumber) ?? null;
    return {
      ...base,
      decision: 'linked',
      category: 'matched',
      personId: rec.idNumber,
      score: own?.score ?? null,
      reason: 'ID number found; name, birth date and gender agree with the registry.',
    };
  }
  const best = scored[0];
  const second = scored[1]?.score ?? -Infinity;
  if (best && best.score >= AUTO_LINK && best.score - second >= AUTO_MARGIN) {
    return {
      ...base,
      decision: 'linked',
      category: 'linked-by-similarity',
      personId: best.personId,
      score: best.score,
      reason: `Best score ${best.score} ≥ ${AUTO_LINK} and ${second === -Infinity ? 'no other candidate' : `${Math.round((best.score - second) * 100) / 100} ahead of the next`} (≥ ${AUTO_MARGIN}).`,
    };
  }
  if (best && best.score >= REVIEW) {
    const why =
      best.score >= AUTO_LINK
        ? `best score ${best.score} but the next is within ${AUTO_MARGIN}`
        : `best score ${best.score} is between ${REVIEW} and ${AUTO_LINK}`;
    return {
      ...base,
      decision: 'review',
      category: 'needs-review',
      personId: best.personId,
      score: best.score,
      reason: `Needs review: ${why}.`,
    };
  }
  return {
    ...base,
    decision: 'unmatched',
    category: check,
    personId: null,
    score: best?.score ?? null,
    reason: best
      ? `No candidate reaches ${REVIEW} (best ${best.score}).`
      : 'No candidate found by ID, name, birth date or phone.',
  };
}
