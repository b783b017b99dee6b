import { beforeAll, describe, expect, it } from 'vitest';
import { read } from './read.ts';
import { signPersonal } from './signature/sign.ts';
import { AT, IAT, makeFixture, type Fixture } from './trust/testing.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';

let f: Fixture;
let signed: string;
beforeAll(async () => {
  f = await makeFixture();
  signed = await signPersonal(SAMPLE, { privateJwk: f.keys.main.privateJwk }, IAT);
});

describe('read: a leading byte-order mark', () => {
  // Some decoders and keyboard-wedge readers prefix U+FEFF; the parsers already drop it, so the
  // verifier must see the same text, or a genuine code reads as forged.
  it('does not turn a genuine signed personal QR into "invalid"', async () => {
    const r = await read(`\uFEFF${signed}`, { trust: f.store, at: AT });
    expect([r.kind, r.signature.state, r.errors]).toEqual(['personal-1405', 'valid', []]);
  });

  it('still refuses a tampered code behind a BOM', async () => {
    const r = await read(`\uFEFF${signed.replace('NGUYEN LE', 'NGUYEN LA')}`, { trust: f.store, at: AT });
    expect([r.signature.state, r.errors.map((e) => e.code)]).toEqual(['invalid', ['SIGNATURE_INVALID']]);
  });

  it('recognises the kind behind it (HC1:, shc:/, venue)', async () => {
    expect((await read('\uFEFFHC1:6BF')).kind).toBe('dcc');
    expect((await read('\uFEFFshc:/56')).kind).toBe('shc');
    expect((await read('\uFEFFOQV1:x|79||A')).kind).toBe('venue');
  });
});
