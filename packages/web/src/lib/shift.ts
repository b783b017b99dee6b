/** The scans-this-shift counter of a scanner device (kept across reloads until a new shift). */
import { KEYS, load, save } from './storage.ts';

export interface Shift {
  startedAt: number;
  scans: number;
}

export function currentShift(now = Date.now()): Shift {
  const s = load<Shift>(KEYS.shift);
  if (s && Number.isFinite(s.startedAt) && Number.isInteger(s.scans) && s.scans >= 0) return s;
  const fresh = { startedAt: now, scans: 0 };
  save(KEYS.shift, fresh);
  return fresh;
}

export function countScan(): Shift {
  const s = currentShift();
  const next = { ...s, scans: s.scans + 1 };
  save(KEYS.shift, next);
  return next;
}

export function newShift(now = Date.now()): Shift {
  const fresh = { startedAt: now, scans: 0 };
  save(KEYS.shift, fresh);
  return fresh;
}
