/**
 * Identity confirmation: does what a code or a request claims (ID number, and whichever of QID,
 * name, birth date and gender it states) match the registered person? The one check behind
 * every path that vouches for a person through the registry: an unsigned 1405 code, a CCCD
 * string, a bare ID number, a signed QR's link to its registry record, and issuance.
 */
import { foldName } from '@oneqr/qr';
import { rowToPerson, type Gender, type Person } from './person.ts';
import { selectPersonById, type Db } from './repository.ts';

/** What is claimed about a person. A field left out is not checked; the ID number always is. */
export interface IdentityClaim {
  idNumber: string;
  /** The QID the code carries: it must be the person's own. */
  qid?: string | undefined;
  /** Compared after foldName (diacritics, case and spacing do not matter). */
  fullName?: string | undefined;
  /** `YYYY-MM-DD`, compared exactly. */
  birthDate?: string | undefined;
  /** Checked only when both the claim and the registry know it (neither is 'unknown'). */
  gender?: Gender | undefined;
}

/** Why a claim is not confirmed. Precise on purpose: callers decide who may learn it (audit always). */
export type IdentityMismatch = 'not-found' | 'qid' | 'fullName' | 'birthDate' | 'gender';

export type IdentityConfirmation =
  { confirmed: true; person: Person } | { confirmed: false; reason: IdentityMismatch; message: string };

const MESSAGES: Record<IdentityMismatch, string> = {
  'not-found': 'No person in the registry has this ID number.',
  qid: 'The QID is not the one the registry holds for this ID number.',
  fullName: 'The name differs from the registered name.',
  birthDate: 'The date of birth differs from the registered one.',
  gender: 'The gender differs from the registered one.',
};

/**
 * Confirms a claim against the registry: one query by ID number whatever the outcome, so a miss
 * and a mismatch cost the same. The first failing reason is returned in a fixed order: QID,
 * name, birth date, gender.
 */
export async function confirmIdentity(db: Db, claim: IdentityClaim): Promise<IdentityConfirmation> {
  const row = await selectPersonById(db, claim.idNumber);
  return confirmRecord(row && rowToPerson(row), claim);
}

/**
 * confirmIdentity on the record a caller already read by the claim's ID number (undefined: no
 * such person), e.g. through personFragment in the same query as its own rows.
 */
export function confirmRecord(person: Person | undefined, claim: IdentityClaim): IdentityConfirmation {
  if (person === undefined) return unconfirmed('not-found');
  const reason = firstMismatch(person, claim);
  return reason === null ? { confirmed: true, person } : unconfirmed(reason);
}

const unconfirmed = (reason: IdentityMismatch): IdentityConfirmation => ({
  confirmed: false,
  reason,
  message: MESSAGES[reason],
});

/**
 * The first field of `claim` the person's record disagrees with (QID, name, birth date, gender),
 * or null: the rule of confirmIdentity for a caller that already holds the record (bulk linkage).
 */
export function firstMismatch(
  person: Pick<Person, 'fullName' | 'birthDate' | 'gender'> & { qid?: string },
  claim: IdentityClaim,
): IdentityMismatch | null {
  const checks: [IdentityMismatch, boolean][] = [
    ['qid', claim.qid !== undefined && claim.qid !== person.qid],
    ['fullName', claim.fullName !== undefined && foldName(claim.fullName) !== foldName(person.fullName)],
    ['birthDate', claim.birthDate !== undefined && claim.birthDate.trim() !== person.birthDate],
    [
      'gender',
      claim.gender !== undefined &&
        claim.gender !== 'unknown' &&
        person.gender !== 'unknown' &&
        claim.gender !== person.gender,
    ],
  ];
  return checks.find(([, failed]) => failed)?.[0] ?? null;
}
