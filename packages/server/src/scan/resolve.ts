/**
 * From a read() result to a person. Every person code (signed or unsigned 1405, CCCD, bare ID)
 * states a claim, and every claim goes through the registry's one confirmIdentity(): a signed
 * code speaks for itself and the registry only links its record when it agrees; any other code
 * is what the registry confirms, or it is refused.
 */
import type { Kysely } from 'kysely';
import type { ReadResult, PersonalFields, CccdFields, CitizenIdFields } from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { seesFullIdentity } from '../access/service.ts';
import {
  confirmRecord,
  type IdentityClaim,
  type IdentityConfirmation,
  type Person,
} from '../registry/service.ts';
import { readPersonWithHealth, type PersonWithHealth } from '../health/service.ts';
import { scanWarning, type ScanWarning } from './errors.ts';
import type { ScannerRole } from './roles.ts';

/** Who the code is about, and how we know. */
export interface Resolved {
  /** `signature`: a valid signed QR; `registry`: confirmed by the population registry; `cccd`: the card's own data. */
  source: 'signature' | 'registry' | 'cccd';
  /** False only for a CCCD whose ID the registry does not know. */
  confirmed: boolean;
  documentNumber: string;
  /** The signed code's name, or the registry's when the registry answers. */
  fullName: string;
  birthDate: string;
  /** The registry record, when it confirms the code. */
  person: Person | undefined;
  /** That person's colour inputs, read in the same round trip as the record (with `person`). */
  health: PersonWithHealth | undefined;
  warnings: ScanWarning[];
}

/** What a person code states, read from its own fields. */
interface CodeClaim {
  claim: IdentityClaim;
  /** The name and birth date the code shows (a bare ID shows none). */
  shown: { fullName: string; birthDate: string } | null;
}

const GENDER_1405 = { 0: 'unknown', 1: 'male', 2: 'female' } as const;

/** The claim of a person code, or null for a kind that names no person in the registry. */
function claimOf(r: ReadResult): CodeClaim | null {
  switch (r.kind) {
    case 'personal-1405': {
      const f = r.fields as unknown as PersonalFields;
      const claim = {
        idNumber: f.documentNumber,
        qid: f.qid,
        fullName: f.fullName,
        birthDate: f.birthDate,
        gender: f.gender === undefined ? undefined : GENDER_1405[f.gender],
      };
      return { claim, shown: claim };
    }
    case 'cccd': {
      const f = r.fields as unknown as CccdFields;
      const claim = { idNumber: f.idNumber, fullName: f.fullName, birthDate: f.birthDate, gender: f.gender };
      return { claim, shown: claim };
    }
    case 'citizen-id': {
      const f = r.fields as unknown as CitizenIdFields;
      return { claim: { idNumber: f.idNumber }, shown: null };
    }
    default:
      return null;
  }
}

/** True for a code answered from the registry rather than from its own signature: look-ups are throttled. */
export function isRegistryLookup(r: ReadResult): boolean {
  return claimOf(r) !== null && !(r.kind === 'personal-1405' && r.signature.state === 'valid');
}

/** Resolves a person code for a scanner of `role`; throws the refusal the role may see. */
export async function resolvePerson(
  db: Kysely<DB>,
  role: ScannerRole,
  r: ReadResult,
  at: Date,
): Promise<Resolved> {
  const code = claimOf(r);
  if (code === null) {
    throw new HttpError('SCAN_UNREADABLE', `a ${r.kind} code does not identify a person in the registry`);
  }
  // One round trip: the record by the claimed ID number with the health rows deciding the colour
  // (one query whatever the outcome, so a miss and a mismatch still cost the same).
  const read = await readPersonWithHealth(db, code.claim.idNumber, at);
  const id = confirmRecord(read?.person, code.claim);
  const { claim, shown } = code;
  if (r.kind === 'personal-1405' && r.signature.state === 'valid' && shown) {
    // The signature vouches for the code; the registry links the health record only when it agrees.
    return {
      source: 'signature',
      confirmed: true,
      documentNumber: claim.idNumber,
      ...shown,
      person: id.confirmed ? id.person : undefined,
      health: id.confirmed ? read : undefined,
      warnings: [],
    };
  }
  if (id.confirmed) return fromRegistry(id.person, read);
  // The CCCD's data is certified by the Ministry of Public Security, but our copy of the register
  // cannot confirm it: shown as unconfirmed to the roles whose view can say so. Venue staff's view
  // cannot, and a different answer would tell them which IDs are registered: refused like a mismatch.
  if (r.kind === 'cccd' && id.reason === 'not-found' && role !== 'venue-staff' && shown) {
    return {
      source: 'cccd',
      confirmed: false,
      documentNumber: claim.idNumber,
      ...shown,
      person: undefined,
      health: undefined,
      warnings: [scanWarning('SCAN_CARD_NOT_IN_REGISTRY')],
    };
  }
  throw identityRefusal(role, id);
}

/**
 * The refusal for an identity the registry does not confirm. Only a role that sees the full
 * identity learns why; every other role gets one answer for any reason (same code, status,
 * message, no details). The audit record keeps the reason either way.
 */
function identityRefusal(
  role: ScannerRole,
  id: Extract<IdentityConfirmation, { confirmed: false }>,
): HttpError {
  if (!seesFullIdentity(role)) {
    return new HttpError('SCAN_IDENTITY_UNCONFIRMED', undefined, undefined, id.reason);
  }
  if (id.reason === 'not-found')
    return new HttpError('SCAN_PERSON_NOT_FOUND', id.message, undefined, id.reason);
  return new HttpError('SCAN_IDENTITY_UNCONFIRMED', id.message, { field: id.reason }, id.reason);
}

/** A person the registry vouches for, shown as the registry knows them. */
function fromRegistry(person: Person, health: PersonWithHealth | undefined): Resolved {
  return {
    source: 'registry',
    confirmed: true,
    documentNumber: person.idNumber,
    fullName: person.fullName,
    birthDate: person.birthDate,
    person,
    health,
    warnings: [],
  };
}
