/** The EKU rule (hcert spec §5.1.1), for both OID families the EU test data uses. */
import { describe, expect, it } from 'vitest';
import { checkDccKeyUsage, dccTypes, type DccType } from './key-usage.ts';

const FAMILIES = ['1.3.6.1.4.1.1847.2021.1', '1.3.6.1.4.1.0.1847.2021.1'];
const OID: Record<DccType, string> = { test: '1', vaccination: '2', recovery: '3' };
const TYPES: DccType[] = ['test', 'vaccination', 'recovery'];
const refused = (types: DccType[], eku: string[]) => checkDccKeyUsage(types, eku).map((i) => i.code);

describe('checkDccKeyUsage', () => {
  it('each family: an EKU allows its own type and refuses the two others', () => {
    for (const family of FAMILIES)
      for (const allowed of TYPES)
        for (const signed of TYPES)
          expect(
            refused([signed], [`${family}.${OID[allowed]}`]),
            `${family} ${allowed} → ${signed}`,
          ).toEqual(allowed === signed ? [] : ['DCC_KEY_USAGE']);
  });

  it('families mix: the union of the EKUs of either family counts', () => {
    const eku = [`${FAMILIES[0]}.1`, `${FAMILIES[1]}.2`];
    expect(refused(['test'], eku)).toEqual([]);
    expect(refused(['vaccination'], eku)).toEqual([]);
    expect(refused(['recovery'], eku)).toEqual(['DCC_KEY_USAGE']);
  });

  it('no DCC-type EKU (none, or only unrelated ones) allows every type', () => {
    for (const eku of [[], ['1.3.6.1.5.5.7.3.1'], ['1.3.6.1.4.1.1847.2021.2.1', '1.3.6.1.4.1.1847.2021.1']])
      expect(refused(TYPES, eku), eku.join()).toEqual([]);
  });

  it('a DCC carrying several types needs each allowed; near-miss OIDs are not DCC types', () => {
    expect(refused(['test', 'vaccination'], [`${FAMILIES[0]}.1`])).toEqual(['DCC_KEY_USAGE']);
    // A prefix or an extra arc is another OID: with only such EKUs, nothing is restricted…
    expect(refused(['test'], ['1.3.6.1.4.1.1847.2021.1.2.1', '1.3.6.1.4.1.1847.2021.1.22'])).toEqual([]);
    // …but beside a real DCC-type EKU they grant nothing.
    expect(refused(['test'], [`${FAMILIES[1]}.2`, '1.3.6.1.4.1.1847.2021.1.1.0'])).toEqual(['DCC_KEY_USAGE']);
  });

  it('reads the types from the payload', () => {
    expect(dccTypes({ v: [], t: [{}] })).toEqual(['test', 'vaccination']);
    expect(dccTypes({ r: [{}] })).toEqual(['recovery']);
    for (const odd of [null, 'x', [], 1]) expect(dccTypes(odd)).toEqual([]);
  });
});
