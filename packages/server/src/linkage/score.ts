/**
 * Explainable scoring of a dose record against one registry person: each feature is a value a
 * reader understands and the points it adds (log-odds-like weights, set by hand and checked by
 * the evaluator). The sum decides: auto-link, review queue or no match.
 */
import {
  isIdNumber,
  type LinkCandidate as Scored,
  type LinkFeature as Feature,
  type LinkFeatures as Features,
} from '@oneqr/qr';
import type { RegistryIndex } from './registry-index.ts';
import { nameTokens } from './registry-index.ts';
import { editDistance, jaroWinkler } from './similarity.ts';

/** Score at or above which the best candidate is linked without a person looking. */
export const AUTO_LINK = 15;
/** The best must lead the second by this much to be linked automatically. */
export const AUTO_MARGIN = 5;
/** Score at or above which the best candidate goes to the review queue. */
export const REVIEW = 8;

/** The scored shapes are the review queue's wire contract (@oneqr/qr). */
export type { Feature, Features, Scored };

export interface RecordFields {
  idNumber: string;
  nameFolded: string;
  birthDate: string | null;
  gender: 'male' | 'female' | null;
  phone: string | null;
}

function idFeature(rec: string, person: string): Feature<number | null> {
  const digits = rec.replace(/\D/g, '');
  if (digits.length < 6) return { value: null, points: 0 };
  const d = editDistance(digits, person);
  const points = d === 0 ? 9 : d === 1 ? 5 : d === 2 ? 0 : -4;
  return { value: d, points };
}

/**
 * Weighted token similarity: each record token finds its best Jaro–Winkler partner among the
 * person's tokens (either order); the tokens weigh their information in bits, so agreeing on
 * "NGUYEN" says little and on a rare given name a lot. A person token left unmatched costs
 * half its weight, a fifth for a middle name (the site omitted it).
 */
export function nameSimilarity(index: RegistryIndex, a: string, b: string): { sim: number; bits: number } {
  if (a === b) {
    const bits = nameTokens(a).reduce((s, t) => s + index.tokenBits(t), 0);
    return { sim: 1, bits };
  }
  const ta = nameTokens(a);
  const tb = nameTokens(b);
  if (ta.length === 0 || tb.length === 0) return { sim: 0, bits: 0 };
  const used = new Uint8Array(tb.length);
  let num = 0;
  let den = 0;
  for (const t of ta) {
    let best = 0;
    let at = -1;
    for (let j = 0; j < tb.length; j++) {
      if (used[j]) continue;
      const s = jaroWinkler(t, tb[j] as string);
      if (s > best) [best, at] = [s, j];
    }
    if (at >= 0 && best >= 0.8) used[at] = 1;
    const w = index.tokenBits(t);
    num += w * (best >= 0.8 ? best : 0);
    den += w;
  }
  // A middle name left out is the commonest omission at sites: it costs less than an outer one.
  for (let j = 0; j < tb.length; j++) {
    const middle = j > 0 && j < tb.length - 1;
    if (!used[j]) den += (middle ? 0.2 : 0.5) * index.tokenBits(tb[j] as string);
  }
  return { sim: den === 0 ? 0 : num / den, bits: den };
}

function nameFeature(index: RegistryIndex, rec: string, person: string): Feature<number> {
  const { sim, bits } = nameSimilarity(index, rec, person);
  const strength = Math.min(10, bits / 2);
  const points = sim >= 0.88 ? ((sim - 0.88) / 0.12) * strength + 1 : -8 * (0.88 - sim) - 2;
  return { value: Math.round(sim * 1000) / 1000, points: Math.round(points * 100) / 100 };
}

function dateFeature(rec: string | null, person: string): Feature<string> {
  if (rec === null) return { value: 'missing', points: 0 };
  if (rec === person) return { value: 'exact', points: 7 };
  const [ry, rm, rd] = [rec.slice(0, 4), rec.slice(5, 7), rec.slice(8, 10)];
  const [py, pm, pd] = [person.slice(0, 4), person.slice(5, 7), person.slice(8, 10)];
  if (ry === py && rm === pd && rd === pm) return { value: 'day-month-swapped', points: 4 };
  if (rm === pm && rd === pd) return { value: 'year-off', points: editDistance(ry, py) === 1 ? 3 : 1 };
  const same = Number(ry === py) + Number(rm === pm) + Number(rd === pd);
  if (same === 2) return { value: 'one-part', points: 1.5 };
  return { value: 'different', points: -6 };
}

/** Scores the record against the person at `i` of the index. */
export function scoreCandidate(index: RegistryIndex, rec: RecordFields, i: number): Scored {
  const personId = index.ids[i] as string;
  const id = idFeature(rec.idNumber, personId);
  const name = nameFeature(index, rec.nameFolded, index.names[i] as string);
  const birthDate = dateFeature(rec.birthDate, index.dob(i));
  const phonePerson = index.phones[i];
  const phone: Feature<string> =
    !rec.phone || !phonePerson
      ? { value: 'missing', points: 0 }
      : rec.phone === phonePerson
        ? { value: 'same', points: 6 }
        : { value: 'different', points: -1 };
  const g = index.gender(i);
  const gender: Feature<string> =
    rec.gender === null || g === 'unknown'
      ? { value: 'missing', points: 0 }
      : rec.gender === g
        ? { value: 'same', points: 0.5 }
        : { value: 'different', points: -3 };
  // The ID prefix names the birth province; it says something only when the IDs differ.
  const province: Feature<string> =
    !isIdNumber(rec.idNumber) || id.value === 0
      ? { value: 'missing', points: 0 }
      : rec.idNumber.slice(0, 3) === personId.slice(0, 3)
        ? { value: 'same', points: 1 }
        : { value: 'different', points: -1 };
  const features = { id, name, birthDate, phone, gender, province };
  const score = Object.values(features).reduce((s, f) => s + f.points, 0);
  return { personId, score: Math.round(score * 100) / 100, features };
}
