import { describe, expect, it } from 'vitest';
import {
  applicableAnswers,
  conditionHolds,
  fieldApplies,
  fieldRequired,
  type FormDefinition,
  type FormField,
} from './index.ts';

const ROAD = ['car', 'bus'];
const plate: FormField = {
  name: 'plate',
  type: 'plate',
  label: 'Biển số / Plate',
  requiredWhen: { vehicleType: ROAD },
  allowedWhen: { vehicleType: ROAD },
};
const flight: FormField = {
  name: 'flight',
  type: 'flight',
  label: 'Chuyến bay / Flight',
  requiredWhen: { vehicleType: ['plane'] },
  allowedWhen: { vehicleType: ['plane'] },
};
const note: FormField = { name: 'note', type: 'text', label: 'Ghi chú / Note' };
const vehicleType: FormField = {
  name: 'vehicleType',
  type: 'choice',
  label: 'Phương tiện / Vehicle',
  required: true,
  values: [...ROAD, 'plane'],
};
const def: FormDefinition = {
  form: 'movement',
  version: 1,
  title: 'T / T',
  fields: [vehicleType, plate, flight, note],
};

describe('declaration field applicability', () => {
  it('a conditional field applies (and is required) only under its answers', () => {
    expect([
      fieldApplies(plate, { vehicleType: 'car' }),
      fieldRequired(plate, { vehicleType: 'car' }),
    ]).toEqual([true, true]);
    expect([
      fieldApplies(plate, { vehicleType: 'plane' }),
      fieldRequired(plate, { vehicleType: 'plane' }),
    ]).toEqual([false, false]);
    // Not answered yet: a conditional field does not apply.
    expect([fieldApplies(flight, {}), fieldRequired(flight, {})]).toEqual([false, false]);
  });

  it('an unconditional field always applies; `required` holds whatever the answers', () => {
    expect([fieldApplies(note, {}), fieldRequired(note, {}), fieldRequired(vehicleType, {})]).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('values match by type: "true" is not true, a list holding the value is not the value', () => {
    const when = { sick: [true] };
    expect(conditionHolds(when, { sick: true })).toBe(true);
    expect(conditionHolds(when, { sick: 'true' })).toBe(false);
    expect(conditionHolds({ vehicleType: ['car'] }, { vehicleType: ['car'] })).toBe(false);
    expect(conditionHolds({ vehicleType: ['car'] }, { vehicleType: null })).toBe(false);
  });

  it('every named answer must hold: one unmet part fails the condition', () => {
    const when = { vehicleType: ['car'], sick: [true] };
    expect(conditionHolds(when, { vehicleType: 'car', sick: true })).toBe(true);
    expect(conditionHolds(when, { vehicleType: 'car', sick: false })).toBe(false);
  });

  it('inherited members are no answers (a condition on "constructor" or "toString")', () => {
    const answers = JSON.parse('{"vehicleType":"car"}') as Record<string, unknown>;
    expect(conditionHolds({ toString: ['x'] }, answers)).toBe(false);
    expect(conditionHolds({ constructor: [] }, answers)).toBe(false);
  });

  it('applicableAnswers keeps only the fields that apply, drops unknown and inherited names', () => {
    const answers = JSON.parse(
      '{"vehicleType":"plane","plate":"51B12345","flight":"VN123","note":"hi","extra":1,"__proto__":{"x":1}}',
    ) as Record<string, unknown>;
    expect(applicableAnswers(def, answers)).toEqual({ vehicleType: 'plane', flight: 'VN123', note: 'hi' });
    expect(applicableAnswers(def, { vehicleType: 'car', plate: '51B12345', flight: 'VN1' })).toEqual({
      vehicleType: 'car',
      plate: '51B12345',
    });
  });
});
