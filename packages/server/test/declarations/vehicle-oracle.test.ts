/**
 * Vehicle exposure against a brute-force oracle (issue 7: "everyone whose movement declaration
 * names the same vehicle and date"): random movement declarations of 40 persons over 4 plates
 * (written with and without separators) and 3 days, for 5 seeds; every person's exposures
 * equal the oracle's, on each engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, type TestApp } from '../platform/build.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { createPerson } from '../../src/registry/service.ts';
import { submitDeclaration, vehicleExposures } from '../../src/declarations/service.ts';
import { Prng } from '../../src/seed/prng.ts';

const PLATES = [
  ['51B-123.45', '51b12345', '51B 123 45'],
  ['29A-999.01', '29A99901'],
  ['30H-555.55', '30h-55555'],
  ['51B-123.46'],
];
const DATES = ['2025-02-28', '2025-03-01', '2025-03-02'];
const PERSONS = 40;
const ABC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const pid = (i: number) => `001090${String(i).padStart(6, '0')}`;

for (const dialect of DIALECTS) {
  describe(`${dialect}: vehicle exposure oracle`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(
        t.store.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['declaration'] },
        t.clock.now,
      );
      for (let i = 0; i < PERSONS; i++)
        await createPerson(
          t.store.db,
          {
            idNumber: pid(i),
            fullName: `Người Thử ${ABC[i % 26]}${ABC[Math.floor(i / 26)]}`,
            birthDate: '1990-01-01',
            gender: 'male',
          },
          t.clock.now,
        );
    });
    afterAll(async () => t?.close());

    it.each([1, 2, 3, 4, 5])(
      'seed %i: every person’s vehicle exposures equal the brute force',
      async (seed) => {
        await t.store.db.deleteFrom('declarations').execute();
        const rng = new Prng(seed);
        const trips: { person: string; plate: number; date: string }[] = [];
        for (let i = 0; i < PERSONS; i++) {
          for (let n = rng.int(3); n > 0; n--) {
            const plate = rng.int(PLATES.length);
            const spelled = PLATES[plate]![rng.int(PLATES[plate]!.length)]!;
            const date = DATES[rng.int(DATES.length)]!;
            trips.push({ person: pid(i), plate, date });
            await submitDeclaration(
              t.store.db,
              { id: `c${i}`, name: 'c', role: 'citizen', personId: pid(i) },
              {
                form: 'movement',
                version: 1,
                answers: { fromProvince: '01', toProvince: '79', date, vehicleType: 'bus', plate: spelled },
              },
              { issuerId: 'pc-covid', now: t.clock.now },
            );
          }
        }
        for (let i = 0; i < PERSONS; i++) {
          const me = pid(i);
          const expected = new Set<string>();
          for (const mine of trips.filter((x) => x.person === me && x.date <= '2025-03-01'))
            for (const other of trips)
              if (other.person !== me && other.plate === mine.plate && other.date === mine.date)
                expected.add(`${other.person}|${mine.date}`);
          const got = await vehicleExposures(t.store.db, [me], '2025-02-27', '2025-03-01');
          expect(got.map((e) => `${e.idNumber}|${e.date}`).sort(), me).toEqual([...expected].sort());
        }
      },
    );
  });
}
