import { issue, type Issue } from '../../errors.ts';
import type { CwtClaims } from './cwt.ts';
import type { Json } from './json.ts';
import type { DccFields, DccRecovery, DccTest, DccVaccination } from './types.ts';

type Obj = { [key: string]: Json };

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copies `src[key]` to `out[name]` when it has the wanted type; warns otherwise. */
class Picker {
  constructor(
    readonly warnings: Issue[],
    readonly path: string,
  ) {}
  str(src: Obj, key: string): string | undefined {
    const v = src[key];
    if (v === undefined || v === null) return undefined;
    // Some issuers pad values (GR/EL `mp`); the DCC quality-assurance notes say to trim.
    if (typeof v === 'string') return v.trim();
    this.warnings.push(issue('DCC_FIELD_TYPE', `DCC: ${this.path}${key} is not a string`, this.path + key));
    return undefined;
  }
  num(src: Obj, key: string): number | undefined {
    const v = src[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number') return v;
    this.warnings.push(issue('DCC_FIELD_TYPE', `DCC: ${this.path}${key} is not a number`, this.path + key));
    return undefined;
  }
}

function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function entries(hcert: Obj, key: string, warnings: Issue[]): Obj[] | undefined {
  const v = hcert[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every(isObj)) {
    warnings.push(issue('DCC_FIELD_TYPE', `DCC: ${key} is not an array of entries`, key));
    return undefined;
  }
  return v as Obj[];
}

/** Step 6: the DCC JSON (schema 1.x) and CWT claims as plain-named fields. */
export function toDccFields(hcert: Json, claims: CwtClaims, warnings: Issue[]): DccFields {
  const root: Obj = isObj(hcert) ? hcert : {};
  const p = new Picker(warnings, '');
  const nam = isObj(root['nam']) ? root['nam'] : {};
  const n = new Picker(warnings, 'nam.');
  const fields: DccFields = compact({
    issuerCountry: claims.iss,
    issuedAt: claims.iat,
    expiresAt: claims.exp,
    version: p.str(root, 'ver'),
    name: compact({
      familyName: n.str(nam, 'fn'),
      givenName: n.str(nam, 'gn'),
      familyNameT: n.str(nam, 'fnt'),
      givenNameT: n.str(nam, 'gnt'),
    }),
    dateOfBirth: p.str(root, 'dob'),
    certificateIds: [] as string[],
  });
  const v = entries(root, 'v', warnings);
  const t = entries(root, 't', warnings);
  const r = entries(root, 'r', warnings);
  if (v) {
    fields.vaccinations = v.map((e, i): DccVaccination => {
      const q = new Picker(warnings, `v[${i}].`);
      return compact({
        targetDisease: q.str(e, 'tg'),
        vaccine: q.str(e, 'vp'),
        product: q.str(e, 'mp'),
        manufacturer: q.str(e, 'ma'),
        doseNumber: q.num(e, 'dn'),
        totalDoses: q.num(e, 'sd'),
        date: q.str(e, 'dt'),
        country: q.str(e, 'co'),
        issuer: q.str(e, 'is'),
        certificateId: q.str(e, 'ci'),
      });
    });
  }
  if (t) {
    fields.tests = t.map((e, i): DccTest => {
      const q = new Picker(warnings, `t[${i}].`);
      return compact({
        targetDisease: q.str(e, 'tg'),
        testType: q.str(e, 'tt'),
        testName: q.str(e, 'nm'),
        manufacturer: q.str(e, 'ma'),
        sampledAt: q.str(e, 'sc'),
        result: q.str(e, 'tr'),
        testingCentre: q.str(e, 'tc'),
        country: q.str(e, 'co'),
        issuer: q.str(e, 'is'),
        certificateId: q.str(e, 'ci'),
      });
    });
  }
  if (r) {
    fields.recoveries = r.map((e, i): DccRecovery => {
      const q = new Picker(warnings, `r[${i}].`);
      return compact({
        targetDisease: q.str(e, 'tg'),
        firstPositive: q.str(e, 'fr'),
        country: q.str(e, 'co'),
        issuer: q.str(e, 'is'),
        validFrom: q.str(e, 'df'),
        validUntil: q.str(e, 'du'),
        certificateId: q.str(e, 'ci'),
      });
    });
  }
  for (const list of [fields.vaccinations, fields.tests, fields.recoveries]) {
    for (const e of list ?? []) if (e.certificateId) fields.certificateIds.push(e.certificateId);
  }
  const kinds = [v, t, r].filter((x) => x !== undefined).length;
  if (kinds === 0)
    warnings.push(issue('DCC_TYPE_MISSING', 'DCC: no vaccination, test or recovery entry', 'v'));
  if (kinds > 1) warnings.push(issue('DCC_TYPE_MULTIPLE', 'DCC: more than one of v, t, r is present', 'v'));
  return fields;
}
