import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { packEntries, unpackEntries } from './revocation-packed.ts';

const sorted = (e: [string, number][]) => [...e].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : 1));

describe('packed snapshot entries', () => {
  it('decode to exactly the entries encoded (property), ~7 bytes each for 18-digit ids', () => {
    const id = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(id, fc.integer({ min: 0, max: 4_000_000_000 })), { selector: ([q]) => q }),
        (entries) => {
          const bytes = packEntries(entries)!;
          expect(unpackEntries(bytes, entries.length)).toEqual(sorted(entries));
        },
      ),
    );
    const day = Array.from({ length: 10_000 }, (_, i): [string, number] => [
      String(162979388586171100n + BigInt(i * 16)),
      1_748_736_000 + (i % 86_400),
    ]);
    expect(packEntries(day)!.length / day.length).toBeLessThan(5);
  });

  it('leave ids that are not decimals below 2^64 to the JSON form', () => {
    for (const q of ['x1', '01', '18446744073709551616', '-1', '1.5'])
      expect(packEntries([[q, 1]]), q).toBeNull();
    expect(
      packEntries([
        ['7', 1],
        ['7', 2],
      ]),
    ).toBeNull();
  });

  it('refuse truncated, oversized, repeated or trailing bytes', () => {
    const good = packEntries([
      ['5', 10],
      ['9', 20],
    ])!;
    expect(unpackEntries(good.slice(0, -1), 10)).toMatch(/truncated/);
    expect(unpackEntries(good, 1)).toMatch(/more than 1/);
    expect(unpackEntries(new Uint8Array([...good, 0]), 10)).toMatch(/after/);
    expect(unpackEntries(new Uint8Array([2, 0, 5, 0, 0, 0]), 10)).toMatch(/repeats/);
    expect(unpackEntries(new Uint8Array([0x80]), 10)).toMatch(/header/);
  });
});
