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
  // `exposures` is the contract; vehicles, contacts (and f2) are added beside it.
  return {
    exposures: r.exposures.map(exposureJson),
    vehicles: r.vehicles,
    contacts: r.contacts,
    ...(r.f2 === undefined ? {} : { f2: r.f2 }),
  };
}
