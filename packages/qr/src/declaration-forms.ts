/**
 * Declaration form definitions as the platform publishes them (GET /v1/declarations/forms) and
 * the rule of which fields apply given the other answers. One home: the server validates with it
 * and the citizen page draws (and submits) only the fields it says apply.
 */

/** Field name → the answers that satisfy it; every named field must hold one of its values. */
export type FormCondition = Readonly<Record<string, readonly (string | boolean)[]>>;

export type FormFieldType =
  | 'text'
  | 'choice'
  | 'choices'
  | 'boolean'
  | 'date'
  | 'province'
  | 'provinces'
  | 'id-numbers'
  | 'plate'
  | 'flight';

export interface FormField {
  name: string;
  type: FormFieldType;
  /** Bilingual, "Vietnamese / English". */
  label: string;
  required?: boolean;
  /** Required when another answer has one of these values. */
  requiredWhen?: FormCondition;
  /** Accepted only when another answer has one of these values. */
  allowedWhen?: FormCondition;
  values?: readonly string[];
  /** A value that may not be combined with others (`choices`). */
  exclusive?: string;
  maxItems?: number;
  maxLength?: number;
  pattern?: string;
  /** `date`: at most this many days before / after today (Vietnam). */
  pastDays?: number;
  futureDays?: number;
}

export interface FormDefinition<Name extends string = string> {
  form: Name;
  version: number;
  /** Bilingual, "Vietnamese / English". */
  title: string;
  fields: FormField[];
}

/** Whether the answers meet a condition (no condition: always). */
export function conditionHolds(
  when: FormCondition | undefined,
  answers: Readonly<Record<string, unknown>>,
): boolean {
  if (when === undefined) return true;
  return Object.entries(when).every(([k, vals]) => {
    // Own answers only: a field named like an Object.prototype member is no answer.
    if (!Object.hasOwn(answers, k)) return false;
    const v = answers[k];
    return (typeof v === 'string' || typeof v === 'boolean') && vals.includes(v);
  });
}

/** A field applies (may be answered, is shown) when the other answers meet its `allowedWhen`. */
export const fieldApplies = (f: FormField, answers: Readonly<Record<string, unknown>>): boolean =>
  conditionHolds(f.allowedWhen, answers);

/** A field must be answered when `required`, or when the other answers meet its `requiredWhen`. */
export const fieldRequired = (f: FormField, answers: Readonly<Record<string, unknown>>): boolean =>
  f.required === true || (f.requiredWhen !== undefined && conditionHolds(f.requiredWhen, answers));

/** The answers of the fields that apply; answers of other or unknown fields left out. */
export function applicableAnswers(
  def: FormDefinition,
  answers: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields)
    if (Object.hasOwn(answers, f.name) && fieldApplies(f, answers)) out[f.name] = answers[f.name];
  return out;
}
