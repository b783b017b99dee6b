import { describe, expect, it } from 'vitest';
import { splitWedge } from '../src/lib/wedge.ts';

const CCCD =
  '079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';

describe('keyboard-wedge input', () => {
  it('a code ending with CR is complete; without it, it waits', () => {
    expect(splitWedge(`${CCCD}\r`)).toEqual({ codes: [CCCD], rest: '' });
    expect(splitWedge(CCCD.slice(0, 20))).toEqual({ codes: [], rest: CCCD.slice(0, 20) });
  });

  it('CR LF, LF and several codes at once; empty lines dropped', () => {
    expect(splitWedge('a\r\nb\n\rc\r\r\nd')).toEqual({ codes: ['a', 'b', 'c'], rest: 'd' });
  });

  it('normalises to NFC, so a name typed as combining marks equals the precomposed one', () => {
    const decomposed = CCCD.normalize('NFD');
    expect(decomposed).not.toBe(CCCD);
    expect(splitWedge(`${decomposed}\r`).codes).toEqual([CCCD]);
  });
});
