import { issue, type Issue } from '../../errors.ts';
import type { JsonObject, ShcPayload } from './payload.ts';
import type { ShcFields, ShcImmunization, ShcPatient } from './types.ts';

function obj(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function patientOf(resource: JsonObject): ShcPatient {
  const name = obj(list(resource['name'])[0]) ?? {};
  const givenNames = list(name['given']).filter((g): g is string => typeof g === 'string');
  const familyName = str(name['family']);
  const full = [...givenNames, familyName ?? ''].join(' ').trim() || str(name['text']);
  return compact({
    name: full,
    familyName,
    givenNames: givenNames.length > 0 ? givenNames : undefined,
    birthDate: str(resource['birthDate']),
  });
}

function immunizationOf(resource: JsonObject): ShcImmunization {
  const coding = obj(list(obj(resource['vaccineCode'])?.['coding'])[0]);
  const actor = obj(obj(list(resource['performer'])[0])?.['actor']);
  return compact({
    status: str(resource['status']),
    vaccineCode: str(coding?.['code']),
    vaccineSystem: str(coding?.['system']),
    date: str(resource['occurrenceDateTime']) ?? str(resource['occurrenceString']),
    lotNumber: str(resource['lotNumber']),
    performer: str(actor?.['display']),
  });
}

/** Step 5: the FHIR bundle as plain fields (patient, immunizations). */
export function toShcFields(payload: ShcPayload, kid: string, warnings: Issue[]): ShcFields {
  const fields: ShcFields = compact({
    issuer: payload.iss,
    issuedAt: payload.nbf,
    expiresAt: payload.exp,
    kid,
    types: payload.vc.type,
    patient: {},
    immunizations: [] as ShcImmunization[],
    otherResources: {} as Record<string, number>,
    revocationId: payload.vc.rid,
  });
  let patients = 0;
  for (const entry of list(payload.vc.credentialSubject.fhirBundle['entry'])) {
    const resource = obj(obj(entry)?.['resource']);
    const type = str(resource?.['resourceType']);
    if (!resource || !type) continue;
    if (type === 'Patient') {
      if (patients++ === 0) fields.patient = patientOf(resource);
    } else if (type === 'Immunization') fields.immunizations.push(immunizationOf(resource));
    else fields.otherResources[type] = (fields.otherResources[type] ?? 0) + 1;
  }
  if (patients === 0)
    warnings.push(issue('SHC_PATIENT_MISSING', 'FHIR: the bundle has no Patient resource', 'fhirBundle'));
  return fields;
}
