/** The bundled form versions are coherent, and every per-field code is documented. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_CODES, FORM_NAMES, formDefinitions } from '../../src/declarations/service.ts';
import { validateAnswers } from '../../src/declarations/forms.ts';

const TYPES = [
  'text',
  'choice',
  'choices',
  'boolean',
  'date',
  'province',
  'provinces',
  'id-numbers',
  'plate',
  'flight',
];

describe('declaration forms', () => {
  it('each form version is unique, of a known form, its fields typed and its conditions naming real fields and values', () => {
    const seen = new Set<string>();
    for (const def of formDefinitions()) {
      const key = `${def.form}/${def.version}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(FORM_NAMES).toContain(def.form);
      const byName = new Map(def.fields.map((f) => [f.name, f]));
      expect(byName.size, key).toBe(def.fields.length);
      for (const f of def.fields) {
        expect(TYPES, `${key}.${f.name}`).toContain(f.type);
        for (const cond of [f.requiredWhen, f.allowedWhen]) {
          for (const [other, values] of Object.entries(cond ?? {})) {
            const o = byName.get(other);
            expect(o, `${key}.${f.name} → ${other}`).toBeDefined();
            for (const v of values) {
              if (o!.type === 'boolean') expect(typeof v).toBe('boolean');
              else expect(o!.values, `${key}.${f.name} → ${other}=${String(v)}`).toContain(v);
            }
          }
        }
      }
    }
  });

  it('every per-field code is listed in docs/api-errors.md', () => {
    const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../docs/api-errors.md'), 'utf8');
    for (const code of Object.keys(FIELD_CODES)) expect(doc, code).toContain(`\`${code}\``);
  });

  it('normalises plates and flights, and leaves out absent optional answers', () => {
    const movement = formDefinitions().find((f) => f.form === 'movement')!;
    const now = new Date('2025-03-01T08:00:00Z');
    const r = validateAnswers(
      movement,
      {
        fromProvince: '01',
        toProvince: '79',
        date: '2025-03-02',
        vehicleType: 'motorbike',
        plate: '59-x1 234.56',
        route: '',
      },
      now,
    );
    expect(r.errors).toEqual([]);
    expect(r.answers).toEqual({
      fromProvince: '01',
      toProvince: '79',
      date: '2025-03-02',
      vehicleType: 'motorbike',
      plate: '59X123456',
    });
  });
});
