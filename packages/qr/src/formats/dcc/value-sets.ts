/**
 * EU DCC value sets (release embedded in data/value-sets.ts): code → English display name, so a
 * scanner shows "Comirnaty" rather than "EU/1/20/1528". An unknown code keeps no name (a newer
 * value set may know it: the FAQ leaves acceptance to the business rules).
 */
import { DCC_VALUE_SETS } from './data/value-sets.ts';
import type { DccFields, DccRecovery, DccTest, DccVaccination } from './types.ts';

/** The value sets the DCC schema names, by their EU `valueSetId`. */
export type DccValueSet =
  | 'country-2-codes'
  | 'disease-agent-targeted'
  | 'sct-vaccines-covid-19'
  | 'vaccines-covid-19-names'
  | 'vaccines-covid-19-auth-holders'
  | 'covid-19-lab-test-type'
  | 'covid-19-lab-test-manufacturer-and-name'
  | 'covid-19-lab-result';

/** The display name of `code` in `valueSet`; undefined when the embedded release does not know it. */
export function dccDisplayName(valueSet: DccValueSet, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const set = DCC_VALUE_SETS[valueSet];
  return set !== undefined && Object.hasOwn(set.display, code) ? set.display[code] : undefined;
}

/** The embedded value sets as CertLogic rules see them (`external.valueSets`): id → its codes. */
export function embeddedRuleValueSets(): Readonly<Record<string, readonly string[]>> {
  if (ruleValueSets) return ruleValueSets;
  // No prototype: the ids are data, not properties to inherit.
  const out = Object.create(null) as Record<string, readonly string[]>;
  for (const [id, set] of Object.entries(DCC_VALUE_SETS)) out[id] = Object.freeze(Object.keys(set.display));
  return (ruleValueSets = Object.freeze(out));
}
let ruleValueSets: Readonly<Record<string, readonly string[]>> | undefined;

/** Whether the EU marks `code` inactive in `valueSet` (no longer issued; old certificates carry it). */
export function isInactiveDccCode(valueSet: DccValueSet, code: string): boolean {
  return DCC_VALUE_SETS[valueSet]?.inactive.includes(code) ?? false;
}

type Coded<T> = { [K in keyof NonNullable<T>]?: DccValueSet };

const VACCINATION: Coded<DccVaccination['names']> = {
  targetDisease: 'disease-agent-targeted',
  vaccine: 'sct-vaccines-covid-19',
  product: 'vaccines-covid-19-names',
  manufacturer: 'vaccines-covid-19-auth-holders',
  country: 'country-2-codes',
};
const TEST: Coded<DccTest['names']> = {
  targetDisease: 'disease-agent-targeted',
  testType: 'covid-19-lab-test-type',
  manufacturer: 'covid-19-lab-test-manufacturer-and-name',
  result: 'covid-19-lab-result',
  country: 'country-2-codes',
};
const RECOVERY: Coded<DccRecovery['names']> = {
  targetDisease: 'disease-agent-targeted',
  country: 'country-2-codes',
};

function named<E extends object>(entry: E, coded: Record<string, DccValueSet | undefined>): E {
  const names: Record<string, string> = {};
  for (const [field, set] of Object.entries(coded)) {
    const code = (entry as Record<string, unknown>)[field];
    const name = typeof code === 'string' && set ? dccDisplayName(set, code) : undefined;
    if (name !== undefined) names[field] = name;
  }
  return Object.keys(names).length === 0 ? entry : { ...entry, names };
}

/** The fields with each entry's value-set display names added (a new object; the input is kept). */
export function withDccDisplayNames(fields: DccFields): DccFields {
  const out: DccFields = { ...fields };
  if (fields.vaccinations) out.vaccinations = fields.vaccinations.map((e) => named(e, VACCINATION));
  if (fields.tests) out.tests = fields.tests.map((e) => named(e, TEST));
  if (fields.recoveries) out.recoveries = fields.recoveries.map((e) => named(e, RECOVERY));
  return out;
}
