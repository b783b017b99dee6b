/**
 * Synthetic days of check-ins (the `oneqr checkins import` format): each person has one to three
 * regular venues and makes 0-4 visits a day inside opening hours (07:00-22:00 Vietnam time),
 * dwelling 5 min to 3 h; 15 % of exits and 3 % of entries are missing, as on real scanners.
 * Times are whole minutes. Deterministic for a seed.
 */
import { Prng } from './prng.ts';
import { DEFAULT_SEED, PopulationGenerator } from './population.ts';

/** The ID numbers of the first `count` persons `oneqr registry generate` writes for `seed`. */
export function generatedPersonIds(count: number, seed: number = DEFAULT_SEED): string[] {
  const gen = new PopulationGenerator(seed);
  return Array.from({ length: count }, () => gen.next().idNumber);
}

export interface GeneratedCheckin {
  eventId: string;
  idNumber: string;
  venueId: string;
  direction: 'in' | 'out';
  at: string;
}

const MIN = 60_000;
const DAY = 86_400_000;
const VIETNAM_OFFSET = 7 * 3_600_000;

export interface CheckinDaysOptions {
  personIds: readonly string[];
  venueIds: readonly string[];
  days: number;
  seed: number;
  /** The first day's Vietnam midnight, Unix ms. */
  start: number;
}

/** The Vietnam midnight `days` days before `now`'s day. */
export function daysBefore(now: Date, days: number): number {
  const local = Math.floor((now.getTime() + VIETNAM_OFFSET) / DAY) * DAY;
  return local - VIETNAM_OFFSET - days * DAY;
}

export function* generateCheckins(opts: CheckinDaysOptions): Generator<GeneratedCheckin> {
  const rng = new Prng(opts.seed);
  const { personIds, venueIds } = opts;
  if (venueIds.length === 0 || personIds.length === 0) return;
  const regulars = personIds.map(() =>
    Array.from({ length: 1 + rng.int(3) }, () => venueIds[rng.int(venueIds.length)]!),
  );
  let n = 0;
  for (let d = 0; d < opts.days; d++) {
    const day: GeneratedCheckin[] = [];
    for (const [p, idNumber] of personIds.entries()) {
      const visits = rng.int(5);
      for (let v = 0; v < visits; v++) {
        const own = regulars[p]!;
        const venueId = rng.float() < 0.8 ? own[rng.int(own.length)]! : venueIds[rng.int(venueIds.length)]!;
        const open = opts.start + d * DAY + 7 * 60 * MIN;
        const start = open + rng.int(15 * 60 - 5) * MIN;
        const dwell = (5 + rng.int(176)) * MIN;
        const id = (dir: string) => `g${opts.seed}-${d}-${n}-${dir}`;
        const at = (ms: number) => new Date(ms).toISOString();
        if (rng.float() >= 0.03)
          day.push({ eventId: id('in'), idNumber, venueId, direction: 'in', at: at(start) });
        if (rng.float() >= 0.15)
          day.push({ eventId: id('out'), idNumber, venueId, direction: 'out', at: at(start + dwell) });
        n++;
      }
    }
    day.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    yield* day;
  }
}
