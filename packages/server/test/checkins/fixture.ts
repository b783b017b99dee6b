/** A platform with venues, persons, their signed personal QR codes and scanner clients. */
import { buildTestApp, type TestApp } from '../platform/build.ts';
import type { Dialect } from '../../src/store/store.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { issuePersonal } from '../../src/credentials/service.ts';
import { registerVenue, type Venue } from '../../src/venues/service.ts';
import { PopulationGenerator, type SyntheticPerson } from '../../src/seed/population.ts';
import type { Config } from '../../src/config.ts';

export interface CheckinWorld {
  t: TestApp;
  persons: (SyntheticPerson & { qr: string })[];
  venues: Venue[];
  /** One venue-staff token per venue (bound to it), and a citizen token per person. */
  staff: string[];
  citizen(index: number): Promise<string>;
}

const APP = { id: 'test-app', name: 'issuing app', role: 'app' as const, issuerId: 'pc-covid' };

export async function buildWorld(
  dialect: Dialect,
  opts: { persons: number; venues: number; config?: Partial<Config> },
): Promise<CheckinWorld> {
  const t = await buildTestApp(dialect, opts.config);
  const now = t.clock.now;
  await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] }, now);
  const gen = new PopulationGenerator(7);
  const persons: CheckinWorld['persons'] = [];
  for (let i = 0; i < opts.persons; i++) {
    const p = gen.next();
    await createPerson(t.store.db, { ...p, phone: p.phone || null }, now);
    const qr = await issuePersonal(
      t.store.db,
      APP,
      { idNumber: p.idNumber, fullName: p.fullName, birthDate: p.birthDate, gender: p.gender },
      now,
    );
    persons.push({ ...p, qr: qr.payload });
  }
  const venues: Venue[] = [];
  const staff: string[] = [];
  for (let i = 0; i < opts.venues; i++) {
    const { venue } = await registerVenue(
      t.store.db,
      null,
      { id: `venue-${i}`, name: `Quán số ${i}`, address: `${i} Lê Lợi`, provinceCode: '79' },
      { issuerId: 'pc-covid', now },
    );
    venues.push(venue);
    staff.push((await t.login({ role: 'venue-staff', name: `staff ${i}`, venueId: venue.id })).token);
  }
  const citizens = new Map<number, string>();
  return {
    t,
    persons,
    venues,
    staff,
    async citizen(index) {
      let token = citizens.get(index);
      if (token === undefined) {
        token = (
          await t.login({ role: 'citizen', name: `citizen ${index}`, personId: persons[index]!.idNumber })
        ).token;
        citizens.set(index, token);
      }
      return token;
    },
  };
}
