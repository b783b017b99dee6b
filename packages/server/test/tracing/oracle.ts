/**
 * A brute-force exposure oracle, written apart from src/tracing/visits.ts from the words:
 * visits by scanning the whole event list for each event's neighbour, overlaps counted minute by
 * minute (the events are on whole minutes, so every bound is).
 */
export interface OracleEvent {
  eventId: string;
  personId: string;
  venueId: string;
  direction: 'in' | 'out';
  at: number;
}

const MIN = 60_000;
const H12 = 12 * 60 * MIN;

function before(a: OracleEvent, b: OracleEvent): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.direction !== b.direction) return a.direction === 'in';
  return a.eventId < b.eventId;
}

function visits(all: OracleEvent[]): { personId: string; venueId: string; start: number; end: number }[] {
  const out = [];
  for (const e of all) {
    const same = all.filter((x) => x !== e && x.personId === e.personId && x.venueId === e.venueId);
    if (e.direction === 'in') {
      const later = same.filter((x) => before(e, x));
      const next = later.find((x) => later.every((y) => y === x || before(x, y)));
      if (next && next.direction === 'out' && next.at - e.at <= H12)
        out.push({ ...e, start: e.at, end: next.at });
      else out.push({ ...e, start: e.at, end: e.at + 60 * MIN });
    } else {
      const earlier = same.filter((x) => before(x, e));
      const prev = earlier.find((x) => earlier.every((y) => y === x || before(y, x)));
      if (!(prev && prev.direction === 'in' && e.at - prev.at <= H12))
        out.push({ ...e, start: e.at - 60 * MIN, end: e.at });
    }
  }
  return out;
}

export function oracleExposures(
  all: OracleEvent[],
  f0: string,
  from: number,
  to: number,
  windowMinutes: number,
): { idNumber: string; venueId: string; overlapStart: string; overlapEnd: string; minutes: number }[] {
  const vs = visits(all);
  const w = windowMinutes * MIN;
  const f0Visits = vs.filter((v) => v.personId === f0 && v.end >= from && v.start <= to);
  const result = new Map<string, { idNumber: string; venueId: string; minutes: Set<number> }>();
  for (const v of vs) {
    if (v.personId === f0) continue;
    for (let m = v.start; m < v.end; m += MIN) {
      const hit = f0Visits.some((f) => f.venueId === v.venueId && m >= f.start - w && m < f.end + w);
      if (!hit) continue;
      const key = `${v.personId}|${v.venueId}`;
      const r = result.get(key) ?? { idNumber: v.personId, venueId: v.venueId, minutes: new Set<number>() };
      r.minutes.add(m);
      result.set(key, r);
    }
  }
  return [...result.values()]
    .map((r) => {
      const ms = [...r.minutes].sort((a, b) => a - b);
      return {
        idNumber: r.idNumber,
        venueId: r.venueId,
        overlapStart: new Date(ms[0]!).toISOString(),
        overlapEnd: new Date(ms[ms.length - 1]! + MIN).toISOString(),
        minutes: ms.length,
      };
    })
    .sort((a, b) =>
      a.idNumber < b.idNumber ? -1 : a.idNumber > b.idNumber ? 1 : a.venueId < b.venueId ? -1 : 1,
    );
}
