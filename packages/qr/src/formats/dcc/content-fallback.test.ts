/**
 * When the DCC content module cannot load (a browser offline without the chunk cached), read()
 * still reads the DCC, says the schema was not checked, and tries the import again next time.
 */
import { zlibSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { CborTag, encodeCbor, type CborValue } from '../../lib/cbor.ts';
import { read } from '../../read.ts';
import { base45Encode } from './base45.ts';

let fail = true;
vi.mock('./content.ts', async (original) => {
  if (fail) throw new Error('chunk failed to load');
  return original();
});

function unsignedDcc(): string {
  const hcert = new Map<CborValue, CborValue>([
    ['ver', '1.3.0'],
    ['nam', new Map<CborValue, CborValue>([['fnt', 'NGUYEN']])],
    ['dob', '1990-01-02'],
  ]);
  const claims = new Map<CborValue, CborValue>([
    [1, 'VN'],
    [6, 1_700_000_000],
    [4, 1_800_000_000],
    [-260, new Map<CborValue, CborValue>([[1, hcert]])],
  ]);
  const protectedHeader = encodeCbor(
    new Map<CborValue, CborValue>([
      [1, -7],
      [4, new Uint8Array(8)],
    ]),
  );
  const cose = new CborTag(18, [protectedHeader, new Map(), encodeCbor(claims), new Uint8Array(64)]);
  return `HC1:${base45Encode(zlibSync(encodeCbor(cose)))}`;
}

describe('read() without the DCC content module', () => {
  it('reads the DCC, warns that the schema was not checked, and retries the import next time', async () => {
    const text = unsignedDcc();
    const r = await read(text);
    expect([r.kind, r.signature.state, r.errors]).toEqual(['dcc', 'untrusted', []]);
    expect(r.warnings.map((w) => [w.code, w.message])).toContainEqual([
      'DCC_SCHEMA',
      'Schema: not checked (the validator could not be loaded)',
    ]);
    fail = false;
    vi.resetModules();
    const again = await read(text);
    // Now loaded: the real check runs (this made-up DCC has no v, t or r).
    expect(again.warnings.map((w) => w.message).join()).toMatch(/^DCC: no vaccination.*Schema 1\.3\.0: /);
  });
});
