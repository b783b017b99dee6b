/** `oneqr tracing exposures --person ID [--from ISO --to ISO] [--window MIN] --json`. */
import type { Store } from '../store/store.ts';
import { exposureJson } from './routes.ts';
import { findExposures } from './service.ts';

export async function exposuresCli(
  store: Store,
  q: {
    person: string;
    from?: Date | undefined;
    to?: Date | undefined;
    window?: number | undefined;
    f2?: boolean | undefined;
  },
  now: Date = new Date(),
) {
  // The operator's read is audited like a tracer's (no client: actor null).
  const r = await findExposures(
    store.db,
    null,
    { idNumber: q.person, from: q.from, to: q.to, windowMinutes: q.window, f2: q.f2 },
    now,
    'oneqr tracing exposures',
  );
  // `exposures` is the contract, printed alone when nothing else was found (a strict reader of
  // check-in-only data sees exactly it); vehicles and contacts (and f2 when asked) beside it.
  return {
    exposures: r.exposures.map(exposureJson),
    ...(r.vehicles.length > 0 ? { vehicles: r.vehicles } : {}),
    ...(r.contacts.length > 0 ? { contacts: r.contacts } : {}),
    ...(r.f2 === undefined ? {} : { f2: r.f2 }),
  };
}
