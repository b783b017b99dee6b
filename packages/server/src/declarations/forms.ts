/**
 * Declaration forms as versioned data: one JSON per form and version in forms/ (a new version
 * is a new file; stored declarations keep the version they were made under). The server
 * validates answers against the definition and reports every bad field with a stable code.
 */
import fs from 'node:fs';
import {
  fieldApplies,
  fieldRequired,
  isIdNumber,
  isIsoDate,
  vietnamToday,
  type FormDefinition as QrFormDefinition,
  type FormField,
} from '@oneqr/qr';

export const FORM_NAMES = ['health', 'movement'] as const;
export type FormName = (typeof FORM_NAMES)[number];

/** Per-field problem codes (docs/api-errors.md, declarations). Stable: add, never rename. */
export const FIELD_CODES = {
  FIELD_REQUIRED: 'is required',
  FIELD_UNKNOWN: 'is not a field of this form version',
  FIELD_NOT_ALLOWED: 'does not apply to the other answers (e.g. a flight for a car)',
  FIELD_TYPE: 'has the wrong type',
  FIELD_TOO_LONG: 'is too long',
  FIELD_FORMAT: 'is not in the expected format',
  FIELD_NOT_IN_LIST: 'is not one of the allowed values',
  FIELD_TOO_MANY: 'has too many items',
  FIELD_DUPLICATE: 'lists an item twice',
  FIELD_EXCLUSIVE: 'combines an exclusive value (e.g. none) with others',
  FIELD_DATE_RANGE: 'is outside the allowed dates',
} as const;
export type FieldCode = keyof typeof FIELD_CODES;

export interface FieldError {
  field: string;
  code: FieldCode;
  message: string;
}

/** A form version as the platform defines it; the type and the applicability rule live in @oneqr/qr. */
export type FormDefinition = QrFormDefinition<FormName>;

export const BUNDLED_FORM_FILES = ['health-1.json', 'movement-1.json'] as const;

const load = (file: string): FormDefinition =>
  JSON.parse(fs.readFileSync(new URL(`./forms/${file}`, import.meta.url), 'utf8')) as FormDefinition;

const FORMS: readonly FormDefinition[] = BUNDLED_FORM_FILES.map(load);

/** Every form version, oldest first. */
export function formDefinitions(): readonly FormDefinition[] {
  return FORMS;
}

export function findForm(form: string, version: number): FormDefinition | undefined {
  return FORMS.find((f) => f.form === form && f.version === version);
}

const PROVINCE = /^(0[1-9]|[1-9]\d)$/;
/** A Vietnamese plate once spaces, dots and dashes are dropped: 51B12345, 59X123456, 29LD12345. */
const PLATE = /^\d{2}[A-Z]{1,2}\d{4,6}$/;
const FLIGHT = /^[A-Z0-9]{2}\d{1,4}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Plates and flight numbers compare upper case, without separators (how vehicles are matched). */
export const normaliseVehicleRef = (s: string): string => s.toUpperCase().replace(/[\s.-]/g, '');

const DAY_MS = 86_400_000;
const shiftDay = (today: string, days: number): string =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Validates answers against a form version. Returns the normalised answers (plates and flights
 * upper case without separators, absent optional fields left out) or every field error found.
 */
export function validateAnswers(
  def: FormDefinition,
  answers: Record<string, unknown>,
  now: Date,
): { answers: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  const err = (field: string, code: FieldCode, detail?: string): undefined => {
    errors.push({ field, code, message: detail ?? `${field}: ${FIELD_CODES[code]}` });
    return undefined;
  };
  const names = new Set(def.fields.map((f) => f.name));
  for (const k of Object.keys(answers)) if (!names.has(k)) err(k.slice(0, 64), 'FIELD_UNKNOWN');
  const today = vietnamToday(now);
  for (const f of def.fields) {
    const v = answers[f.name];
    if (v === undefined || v === null || v === '') {
      if (fieldRequired(f, answers)) err(f.name, 'FIELD_REQUIRED');
      continue;
    }
    if (!fieldApplies(f, answers)) {
      err(f.name, 'FIELD_NOT_ALLOWED');
      continue;
    }
    const value = checkValue(f, v, today, (code, detail) => err(f.name, code, detail));
    if (value !== undefined) out[f.name] = value;
  }
  return { answers: out, errors };
}

type Report = (code: FieldCode, detail?: string) => undefined;

function checkList(
  f: FormField,
  v: unknown,
  report: Report,
  item: (s: string) => boolean,
): string[] | undefined {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    return report('FIELD_TYPE', `${f.name}: a list of strings`);
  const list = v as string[];
  if (list.length > (f.maxItems ?? 50))
    return report('FIELD_TOO_MANY', `${f.name}: at most ${f.maxItems ?? 50} items`);
  if (new Set(list).size !== list.length) return report('FIELD_DUPLICATE');
  if (!list.every(item)) return undefined;
  return list;
}

/** The checked value, or undefined after reporting why it is refused. */
function checkValue(f: FormField, v: unknown, today: string, report: Report): unknown {
  switch (f.type) {
    case 'boolean':
      return typeof v === 'boolean' ? v : report('FIELD_TYPE', `${f.name}: true or false`);
    case 'text': {
      if (typeof v !== 'string') return report('FIELD_TYPE', `${f.name}: a string`);
      const max = f.maxLength ?? 200;
      if (v.length > max) return report('FIELD_TOO_LONG', `${f.name}: at most ${max} characters`);
      if (CONTROL.test(v)) return report('FIELD_FORMAT', `${f.name}: printable characters only`);
      if (f.pattern !== undefined && !new RegExp(f.pattern).test(v)) return report('FIELD_FORMAT');
      return v.trim();
    }
    case 'choice':
      if (typeof v !== 'string') return report('FIELD_TYPE', `${f.name}: a string`);
      return f.values?.includes(v)
        ? v
        : report('FIELD_NOT_IN_LIST', `${f.name}: one of ${f.values?.join(', ')}`);
    case 'choices': {
      const list = checkList(f, v, report, (s) => {
        const ok = f.values?.includes(s) ?? false;
        if (!ok) report('FIELD_NOT_IN_LIST', `${f.name}: each one of ${f.values?.join(', ')}`);
        return ok;
      });
      if (list === undefined) return undefined;
      if (list.length === 0) return report('FIELD_REQUIRED', `${f.name}: at least one value`);
      if (f.exclusive !== undefined && list.includes(f.exclusive) && list.length > 1)
        return report('FIELD_EXCLUSIVE', `${f.name}: "${f.exclusive}" cannot be combined with other values`);
      return list;
    }
    case 'date': {
      if (typeof v !== 'string' || !isIsoDate(v))
        return report('FIELD_FORMAT', `${f.name}: a real YYYY-MM-DD date`);
      const lo = shiftDay(today, -(f.pastDays ?? 365));
      const hi = shiftDay(today, f.futureDays ?? 0);
      if (v < lo || v > hi) return report('FIELD_DATE_RANGE', `${f.name}: from ${lo} to ${hi}`);
      return v;
    }
    case 'province':
      if (typeof v !== 'string') return report('FIELD_TYPE', `${f.name}: a string`);
      return PROVINCE.test(v) ? v : report('FIELD_FORMAT', `${f.name}: a 2-digit GSO province code`);
    case 'provinces':
      return checkList(f, v, report, (s) => {
        const ok = PROVINCE.test(s);
        if (!ok) report('FIELD_FORMAT', `${f.name}: each a 2-digit GSO province code`);
        return ok;
      });
    case 'id-numbers':
      return checkList(f, v, report, (s) => {
        const ok = isIdNumber(s);
        if (!ok) report('FIELD_FORMAT', `${f.name}: each a 12-digit ID number`);
        return ok;
      });
    case 'plate':
    case 'flight': {
      if (typeof v !== 'string') return report('FIELD_TYPE', `${f.name}: a string`);
      if (v.length > 20) return report('FIELD_TOO_LONG', `${f.name}: at most 20 characters`);
      const n = normaliseVehicleRef(v);
      const ok = (f.type === 'plate' ? PLATE : FLIGHT).test(n);
      return ok
        ? n
        : report(
            'FIELD_FORMAT',
            f.type === 'plate'
              ? `${f.name}: a Vietnamese plate such as 51B-123.45`
              : `${f.name}: a flight such as VN123`,
          );
    }
  }
}
