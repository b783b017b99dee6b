/**
 * From a read() result to a person: signed codes speak for themselves; unsigned 1405 codes,
 * CCCD cards and bare ID numbers are resolved through the registry (and say so).
 */
import type { Kysely } from 'kysely';
import type { ReadResult, PersonalFields, CccdFields, CitizenIdFields } from '@oneqr/qr';
import type { DB } from '../store/database.ts';
import { HttpError } from '../errors.ts';
import { checkIdentity, findPerson, findPersonByQid, type Person } from '../registry/service.ts';

/** Who the code is about, and how we know. */
export interface Resolved {
  /** `signature`: a valid signed QR; `registry`: confirmed by the population registry; `cccd`: the card's own data. */
  source: 'signature' | 'registry' | 'cccd';
  /** The name exactly as on the code. */
  nameOnCode: string;
  documentNumber: string;
  fullName: string;
  birthDate: string;
  /** The registry record, when there is one. */
  person: Person | undefined;
}

export async function resolvePerson(db: Kysely<DB>, r: ReadResult): Promise<Resolved> {
  switch (r.kind) {
    case 'personal-1405': {
      const f = r.fields as unknown as PersonalFields;
      if (r.signature.state === 'valid') {
        const person = await findPerson(db, f.documentNumber);
        return {
          source: 'signature',
          nameOnCode: f.fullName,
          documentNumber: f.documentNumber,
          fullName: f.fullName,
          birthDate: f.birthDate,
          person,
        };
      }
      // Unsigned (like the public sample): only the registry can vouch for it.
      const person = (await findPersonByQid(db, f.qid)) ?? (await findPerson(db, f.documentNumber));
      if (!person || person.idNumber !== f.documentNumber) {
        throw new HttpError(
          'SCAN_PERSON_NOT_FOUND',
          'no person in the registry has this QID and document number',
        );
      }
      const check = checkIdentity(person, { fullName: f.fullName, birthDate: f.birthDate });
      if (!check.ok)
        throw new HttpError(
          'SCAN_IDENTITY_UNCONFIRMED',
          `the registry does not confirm ${check.field}: ${check.reason}`,
          { field: check.field },
        );
      return fromRegistry(person, f.fullName);
    }
    case 'cccd': {
      const f = r.fields as unknown as CccdFields;
      const person = await findPerson(db, f.idNumber);
      if (person) {
        return fromRegistry(person, f.fullName);
      }
      // The card is certified by the Ministry of Public Security even when our copy of the register lacks it.
      return {
        source: 'cccd',
        nameOnCode: f.fullName,
        documentNumber: f.idNumber,
        fullName: f.fullName,
        birthDate: f.birthDate,
        person: undefined,
      };
    }
    case 'citizen-id': {
      const f = r.fields as unknown as CitizenIdFields;
      const person = await findPerson(db, f.idNumber);
      if (!person)
        throw new HttpError('SCAN_PERSON_NOT_FOUND', 'no person in the registry has this ID number');
      return fromRegistry(person, person.fullName);
    }
    default:
      throw new HttpError('SCAN_UNREADABLE', `a ${r.kind} code does not identify a person in the registry`);
  }
}

/** A person the registry vouches for; the name stays as the code shows it (for masking). */
function fromRegistry(person: Person, nameOnCode: string): Resolved {
  return {
    source: 'registry',
    nameOnCode,
    documentNumber: person.idNumber,
    fullName: person.fullName,
    birthDate: person.birthDate,
    person,
  };
}
