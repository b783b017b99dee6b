/**
 * The passport's coded values in Vietnamese and English: every vaccine type of the EU value set
 * has a Vietnamese name, the products' English names are the EU's, and an unknown code shows as
 * itself in both languages rather than as nothing.
 */
import { describe, expect, it } from 'vitest';
import { dccDisplayName, embeddedRuleValueSets } from '@oneqr/qr/dcc-content';
import { valueSetName } from '../../src/passport/display.ts';
import { VACCINES } from '../../src/health/service.ts';

describe('passport display: value-set names', () => {
  it('every vaccine type of the embedded EU value set has a Vietnamese name of its own', () => {
    const codes = embeddedRuleValueSets()['sct-vaccines-covid-19']!;
    expect(codes.length).toBeGreaterThan(5);
    for (const code of codes) {
      const en = dccDisplayName('sct-vaccines-covid-19', code);
      const name = valueSetName('sct-vaccines-covid-19', code);
      expect(name.en, code).toBe(en);
      expect(name.vi, code).not.toBe(en);
      expect(name.vi, code).toMatch(/^Vắc xin /);
    }
  });

  it('the eight licensed products: English as the EU value sets name the type, Vietnamese translated', () => {
    for (const p of VACCINES) {
      expect(valueSetName('sct-vaccines-covid-19', p.prophylaxis.code).en).toBe(p.prophylaxis.name);
      const product = valueSetName('vaccines-covid-19-names', p.code, p.name);
      expect(product).toEqual({ vi: p.name, en: p.name }); // a proper name
      const mah = valueSetName('vaccines-covid-19-auth-holders', p.mah.code);
      expect(mah.vi).toBe(mah.en);
    }
    expect(valueSetName('disease-agent-targeted', '840539006')).toEqual({ vi: 'COVID-19', en: 'COVID-19' });
    expect(valueSetName('country-2-codes', 'VN')).toEqual({ vi: 'Việt Nam', en: 'Viet Nam' });
  });

  it('an unknown or hostile code reads as itself; a missing one as empty', () => {
    expect(valueSetName('sct-vaccines-covid-19', 'X-NEW')).toEqual({ vi: 'X-NEW', en: 'X-NEW' });
    expect(valueSetName('sct-vaccines-covid-19', '__proto__')).toEqual({ vi: '__proto__', en: '__proto__' });
    expect(valueSetName('sct-vaccines-covid-19', 'constructor').vi).toBe('constructor');
    expect(valueSetName('sct-vaccines-covid-19', undefined)).toEqual({ vi: '', en: '' });
  });
});
