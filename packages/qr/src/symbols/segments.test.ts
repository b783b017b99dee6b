/** Segments read back from a module grid: exact, or unknown — never guessed. */
import { create } from 'qrcode/lib/core/qrcode.js';
import { describe, expect, it } from 'vitest';
import { symbolSegments } from './segments.ts';

function grid(text: string, version: number, level: 'L' | 'M' | 'Q' | 'H', mask: number) {
  const qr = create(
    [
      { data: new TextEncoder().encode(text.slice(0, 5)), mode: 'byte' },
      { data: text.slice(5), mode: 'numeric' },
    ],
    { version, errorCorrectionLevel: level, maskPattern: mask as 0 },
  );
  const { size, data } = qr.modules;
  // zxing's symbol image: one byte per module, 0 = dark.
  return { data: Uint8Array.from(data, (d) => (d ? 0 : 255)), width: size, height: size };
}

describe('symbolSegments', () => {
  const text = 'shc:/' + '0123456789'.repeat(20);
  const bytes = new TextEncoder().encode(text);

  it('reads byte then numeric at every level and mask, and across version bands', () => {
    for (const [version, level, mask] of [
      [5, 'L', 0],
      [10, 'H', 3],
      [12, 'M', 5],
      [12, 'Q', 7],
      [30, 'L', 2],
    ] as const) {
      expect(symbolSegments(grid(text, version, level, mask), version, level, mask, bytes)).toEqual([
        { mode: 'byte', count: 5 },
        { mode: 'numeric', count: 200 },
      ]);
    }
  });

  it('answers undefined when the read-back does not spell the decoded bytes, or the inputs do not fit', () => {
    const g = grid(text, 5, 'L', 0);
    expect(symbolSegments(g, 5, 'L', 0, new TextEncoder().encode(text + '1'))).toBeUndefined();
    expect(symbolSegments(g, 5, 'L', 1, bytes)).toBeUndefined();
    expect(symbolSegments(g, 6, 'L', 0, bytes)).toBeUndefined();
    expect(symbolSegments(g, 5, 'X', 0, bytes)).toBeUndefined();
    expect(symbolSegments(g, 5, 'L', 9, bytes)).toBeUndefined();
  });
});
