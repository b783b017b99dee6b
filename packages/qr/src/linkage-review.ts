/**
 * The linkage review queue as the platform answers it (GET /v1/linkage/review): a doubtful dose
 * record beside its scored candidates, each feature with the value compared and its points.
 * One home for the wire shape: the server's scorer produces it, the review page draws it.
 */

/** One feature of a candidate: the value a reader understands and the points it adds. */
export interface LinkFeature<V> {
  value: V;
  points: number;
}

export interface LinkFeatures {
  /** Edit distance between the ID numbers (null: the record has none). */
  id: LinkFeature<number | null>;
  /** Jaro–Winkler of the folded name tokens, weighted by how rare each token is. */
  name: LinkFeature<number>;
  /** exact | day-month-swapped | year-off | one-part | different | missing */
  birthDate: LinkFeature<string>;
  /** same | different | missing */
  phone: LinkFeature<string>;
  /** same | different | missing */
  gender: LinkFeature<string>;
  /** Birth province of the record's ID prefix vs the person's: same | different | missing. */
  province: LinkFeature<string>;
}

/** A registered person scored against a dose record. */
export interface LinkCandidate {
  personId: string;
  score: number;
  features: LinkFeatures;
}

/** A dose record waiting for a health officer, with its candidates (best first). */
export interface ReviewItem {
  site: string;
  recordId: string;
  idNumber: string;
  fullName: string;
  birthDate: string | null;
  gender: string | null;
  phone: string | null;
  vaccineCode: string;
  vaccinationDate: string;
  doseNumber: number;
  score: number | null;
  reason: string;
  candidates: LinkCandidate[];
}
