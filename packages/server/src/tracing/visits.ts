/**
 * Visits and exposure, as issue 7 defines them (pure; docs/tracing.md says the same in words):
 * - a visit is an `in` followed by the next event of the same person at the same venue when
 *   that is an `out` within 12 h; an `in` without one lasts 60 min; an `out` without an `in`
 *   started 60 min before;
 * - a person is exposed when one of their visits overlaps one of the F0's visits at the same
 *   venue widened by the window (default ±60 min), counting the F0's visits that overlap the
 *   infectious window. One result per exposed person and venue: the earliest overlap start,
 *   the latest overlap end, and the minutes of the union of overlaps (rounded up).
 * Events at the same instant sort `in` before `out`, then by event id.
 */
export const PAIR_MS = 12 * 3_600_000;
export const LONE_MS = 60 * 60_000;

export interface VisitEvent {
  eventId: string;
  personId: string;
  venueId: string;
  direction: 'in' | 'out';
  at: number;
}

export interface Visit {
  personId: string;
  venueId: string;
  start: number;
  end: number;
}

export interface Exposure {
  idNumber: string;
  venueId: string;
  overlapStart: number;
  overlapEnd: number;
  minutes: number;
}

const order = (a: VisitEvent, b: VisitEvent): number =>
  a.at - b.at ||
  (a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1) ||
  (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** The visits the events make, per person and venue. */
export function visitsOf(events: readonly VisitEvent[]): Visit[] {
  const groups = new Map<string, VisitEvent[]>();
  for (const e of events) {
    const key = `${e.personId}\u0000${e.venueId}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  const visits: Visit[] = [];
  for (const g of groups.values()) {
    g.sort(order);
    for (let i = 0; i < g.length; i++) {
      const e = g[i]!;
      const v = { personId: e.personId, venueId: e.venueId };
      if (e.direction === 'out') {
        visits.push({ ...v, start: e.at - LONE_MS, end: e.at });
        continue;
      }
      const next = g[i + 1];
      if (next !== undefined && next.direction === 'out' && next.at - e.at <= PAIR_MS) {
        visits.push({ ...v, start: e.at, end: next.at });
        i++;
      } else {
        visits.push({ ...v, start: e.at, end: e.at + LONE_MS });
      }
    }
  }
  return visits;
}

/** The F0's visits that overlap the infectious window [from, to]. */
export function infectiousVisits(f0Visits: readonly Visit[], from: number, to: number): Visit[] {
  return f0Visits.filter((v) => v.end >= from && v.start <= to);
}

/** Exposures of `others` (any person but the F0) to the F0's counted visits widened by windowMs. */
export function exposuresOf(
  f0: string,
  counted: readonly Visit[],
  others: readonly Visit[],
  windowMs: number,
): Exposure[] {
  const byVenue = new Map<string, Visit[]>();
  for (const v of counted) byVenue.set(v.venueId, [...(byVenue.get(v.venueId) ?? []), v]);
  const overlaps = new Map<string, { idNumber: string; venueId: string; spans: [number, number][] }>();
  for (const v of others) {
    if (v.personId === f0) continue;
    for (const c of byVenue.get(v.venueId) ?? []) {
      const s = Math.max(v.start, c.start - windowMs);
      const e = Math.min(v.end, c.end + windowMs);
      if (s >= e) continue;
      const key = `${v.personId}\u0000${v.venueId}`;
      const o = overlaps.get(key) ?? { idNumber: v.personId, venueId: v.venueId, spans: [] };
      o.spans.push([s, e]);
      overlaps.set(key, o);
    }
  }
  const out: Exposure[] = [];
  for (const o of overlaps.values()) {
    o.spans.sort((a, b) => a[0] - b[0]);
    let total = 0;
    let [cs, ce] = o.spans[0]!;
    for (const [s, e] of o.spans.slice(1)) {
      if (s > ce) {
        total += ce - cs;
        [cs, ce] = [s, e];
      } else ce = Math.max(ce, e);
    }
    total += ce - cs;
    out.push({
      idNumber: o.idNumber,
      venueId: o.venueId,
      overlapStart: o.spans[0]![0],
      overlapEnd: Math.max(...o.spans.map((sp) => sp[1])),
      minutes: Math.ceil(total / 60_000),
    });
  }
  return out.sort((a, b) =>
    a.idNumber < b.idNumber ? -1 : a.idNumber > b.idNumber ? 1 : a.venueId < b.venueId ? -1 : 1,
  );
}
