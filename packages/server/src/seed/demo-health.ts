/**
 * Demo health records: a few named personas whose colour cards are known, and random profiles
 * for a share of the synthetic population, all dated relative to the seeding instant so the
 * colours vary on the day the demo starts.
 */
import { Prng } from './prng.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import {
  recordTest,
  recordVaccination,
  setCaseStatus,
  VACCINES,
  type VaccineProduct,
} from '../health/service.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A registered person the demo can use (from the synthetic population). */
export interface DemoPerson {
  idNumber: string;
  fullName: string;
  birthDate: string;
  provinceCode: string | null;
}

/** A persona listed in the credentials file, with the colour it shows on the day of seeding. */
export interface Persona {
  idNumber: string;
  fullName: string;
  /** With the name, what an app must present to have a QR issued. */
  birthDate: string;
  provinceCode: string | null;
  story: string;
}

/** Calendar date in Vietnam (UTC+7) `days` before `now`. */
function dateAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY + 7 * HOUR).toISOString().slice(0, 10);
}

/** Rough shares of the vaccines used in Vietnam in 2021. */
const PRODUCT_WEIGHTS: [string, number][] = [
  ['EU/1/21/1529', 0.4],
  ['EU/1/20/1528', 0.25],
  ['BBIBP-CorV', 0.15],
  ['EU/1/20/1507', 0.1],
  ['EU/1/20/1525', 0.04],
  ['Sputnik-V', 0.03],
  ['Hayat-Vax', 0.02],
  ['Abdala', 0.01],
];

function pickProduct(rand: () => number): VaccineProduct {
  let r = rand();
  for (const [code, w] of PRODUCT_WEIGHTS) {
    r -= w;
    if (r <= 0) return VACCINES.find((v) => v.code === code) as VaccineProduct;
  }
  return VACCINES[0] as VaccineProduct;
}

/** Doses of `product` 28 days apart, the `doses`-th on `lastAgo` days before now. */
async function series(
  db: Kysely<DB>,
  p: string,
  product: VaccineProduct,
  doses: number,
  lastAgo: number,
  now: Date,
) {
  for (let d = 1; d <= doses; d++) {
    await recordVaccination(
      db,
      {
        personId: p,
        vaccineCode: product.code,
        doseNumber: d,
        administeredOn: dateAgo(now, lastAgo + (doses - d) * 28),
        lot: `DEMO${String(d).padStart(2, '0')}`,
        site: 'Trạm Y tế (demo)',
      },
      now,
    );
  }
}

const AZ = VACCINES[0] as VaccineProduct;

/**
 * Records the personas' stories: picks, from `people`, persons in Khánh Hòa (56), HCMC (79) and
 * Hà Nội (01, no rule set of its own), and gives each a known colour.
 */
export async function seedPersonas(
  db: Kysely<DB>,
  people: readonly DemoPerson[],
  now: Date,
): Promise<Persona[]> {
  const taken = new Set<string>();
  const pick = (province: string): DemoPerson | undefined => {
    const p = people.find((x) => x.provinceCode === province && !taken.has(x.idNumber));
    if (p) taken.add(p.idNumber);
    return p;
  };
  const stories: [string, string, (id: string) => Promise<void>][] = [
    ['56', 'Khánh Hòa: 2 doses, the second 40 days ago → green', (id) => series(db, id, AZ, 2, 40, now)],
    [
      '56',
      'Khánh Hòa: first dose 30 days ago, second 5 days ago → yellow',
      async (id) => {
        await series(db, id, AZ, 1, 30, now);
        await recordVaccination(
          db,
          { personId: id, vaccineCode: AZ.code, doseNumber: 2, administeredOn: dateAgo(now, 5) },
          now,
        );
      },
    ],
    [
      '56',
      'Khánh Hòa: negative PCR 20 hours ago → yellow',
      async (id) => {
        await recordTest(
          db,
          {
            personId: id,
            testType: 'pcr',
            result: 'negative',
            sampledAt: new Date(now.getTime() - 20 * HOUR),
          },
          now,
        );
      },
    ],
    [
      '56',
      'Khánh Hòa: recovered, certificate 30 days ago → green',
      async (id) => {
        await recovered(db, id, new Date(now.getTime() - 30 * DAY), now);
      },
    ],
    ['56', 'Khánh Hòa: nothing recorded → red', async () => {}],
    [
      '79',
      'TP. Hồ Chí Minh: 2 doses but a close contact (F1) 3 days ago → yellow',
      async (id) => {
        await series(db, id, AZ, 2, 60, now);
        await setCaseStatus(
          db,
          { personId: id, status: 'f1', since: new Date(now.getTime() - 3 * DAY) },
          now,
        );
      },
    ],
    [
      '79',
      'TP. Hồ Chí Minh: confirmed case (F0) → red',
      async (id) => {
        await setCaseStatus(
          db,
          { personId: id, status: 'f0', since: new Date(now.getTime() - 2 * DAY) },
          now,
        );
      },
    ],
    ['01', 'Hà Nội (national default rules): nothing recorded → default-green', async () => {}],
  ];
  const personas: Persona[] = [];
  for (const [province, story, write] of stories) {
    const p = pick(province);
    if (!p) continue; // a tiny population may lack the province
    await write(p.idNumber);
    personas.push({
      idNumber: p.idNumber,
      fullName: p.fullName,
      birthDate: p.birthDate,
      provinceCode: p.provinceCode,
      story,
    });
  }
  return personas;
}

/**
 * Random health records for every `every`-th person (personas excluded): mostly vaccinated, some
 * partly, a few tested, recovered, F0 or F1, the rest nothing. Returns how many persons got records.
 */
export async function seedRandomHealth(
  db: Kysely<DB>,
  people: readonly DemoPerson[],
  exclude: ReadonlySet<string>,
  now: Date,
  opts: { every: number; seed: number },
): Promise<number> {
  // Seeded, so a demo seeded twice tells the same stories.
  const gen = new Prng(opts.seed);
  const rand = (): number => gen.float();
  let touched = 0;
  for (let i = 0; i < people.length; i += opts.every) {
    const p = people[i];
    if (!p || exclude.has(p.idNumber)) continue;
    const r = rand();
    const id = p.idNumber;
    if (r < 0.55) {
      const product = pickProduct(rand);
      await series(db, id, product, product.totalDoses, 15 + Math.floor(rand() * 180), now);
    } else if (r < 0.7) {
      await series(db, id, pickProduct(rand), 1, 15 + Math.floor(rand() * 40), now);
    } else if (r < 0.78) {
      const sampledAt = new Date(now.getTime() - Math.floor(rand() * 70) * HOUR);
      await recordTest(db, { personId: id, testType: 'pcr', result: 'negative', sampledAt }, now);
    } else if (r < 0.82) {
      await recovered(db, id, new Date(now.getTime() - (10 + Math.floor(rand() * 160)) * DAY), now);
    } else if (r < 0.84) {
      const since = new Date(now.getTime() - (1 + Math.floor(rand() * 6)) * DAY);
      await recordTest(
        db,
        { personId: id, testType: 'rapid-antigen', result: 'positive', sampledAt: since },
        now,
      );
      await setCaseStatus(db, { personId: id, status: 'f0', since }, now);
    } else if (r < 0.87) {
      await setCaseStatus(
        db,
        { personId: id, status: 'f1', since: new Date(now.getTime() - (1 + Math.floor(rand() * 10)) * DAY) },
        now,
      );
    } else {
      continue; // nothing recorded
    }
    touched += 1;
  }
  return touched;
}

/** A recovered case whose certificate was issued at `cert` (the illness began 14 days before). */
async function recovered(
  db: Parameters<typeof setCaseStatus>[0],
  id: string,
  cert: Date,
  now: Date,
): Promise<void> {
  await setCaseStatus(
    db,
    {
      personId: id,
      status: 'recovered',
      since: new Date(cert.getTime() - 14 * DAY),
      recoveredCertificateAt: cert,
    },
    now,
  );
}
