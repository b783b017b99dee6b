/**
 * A synthetic, deterministic population: same seed → same persons, in the same order.
 * Names by weight from vn-names.csv, birth dates 1930–2021, ID numbers consistent with
 * province, century, gender and birth year, and unique without remembering past rows.
 */
import { makeCitizenId, PROVINCES } from '@oneqr/qr';
import { GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SURNAMES } from './names-data.ts';
import { Prng, WeightedTable } from './prng.ts';

export const DEFAULT_SEED = 1405;

/** One generated person, in the registry CSV's terms. */
export interface SyntheticPerson {
  idNumber: string;
  fullName: string;
  birthDate: string;
  gender: 'male' | 'female';
  /** '' when the person has no phone. */
  phone: string;
  /** 2-digit GSO code: the ID's birth-province code without its leading 0. */
  provinceCode: string;
  address: string;
}

// Rough population shares (millions, 2019 census order of magnitude); the rest weigh 1.0.
const PROVINCE_WEIGHT: Record<string, number> = {
  '001': 8.2,
  '079': 9.0,
  '038': 3.6,
  '040': 3.3,
  '075': 3.1,
  '074': 2.5,
  '031': 2.0,
  '089': 1.9,
  '066': 1.9,
  '034': 1.9,
  '030': 1.9,
  '024': 1.8,
  '036': 1.8,
  '064': 1.5,
  '049': 1.5,
  '052': 1.5,
};
const CENTRAL_CITIES = new Set(['001', '031', '048', '079', '092']);
const PROVINCE_TABLE = new WeightedTable(PROVINCES.map((p) => [p, PROVINCE_WEIGHT[p.code] ?? 1] as const));

/** Birth-year weights: few born before 1945, more each decade, flat from 1980 (a rough pyramid). */
function yearWeight(y: number): number {
  if (y < 1945) return 0.15 + (y - 1930) * 0.025;
  if (y < 1960) return 0.55 + (y - 1945) * 0.03;
  if (y < 1980) return 1.0 + (y - 1960) * 0.025;
  return 1.5;
}
const YEARS: [number, number][] = [];
for (let y = 1930; y <= 2021; y++) YEARS.push([y, yearWeight(y)]);
const YEAR_TABLE = new WeightedTable(YEARS);

// Vietnamese mobile prefixes (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile).
const PHONE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '052',
  '056',
  '058',
  '059',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '082',
  '083',
  '084',
  '085',
  '086',
  '088',
  '089',
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
  '099',
];

const SURNAME_TABLE = new WeightedTable(SURNAMES);
const MIDDLE = { male: new WeightedTable(MIDDLE_MALE), female: new WeightedTable(MIDDLE_FEMALE) };
const GIVEN = { male: new WeightedTable(GIVEN_MALE), female: new WeightedTable(GIVEN_FEMALE) };

/** murmur3's 32-bit finaliser: a fast integer hash. */
function hash32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A keyed permutation of 0…999999 (4-round Feistel on 20 bits, cycle-walking into range): the
 * n-th person of a (province, century/gender, year) bucket gets random digits perm(n), so IDs
 * never repeat and look random, with no set of past IDs kept in memory.
 */
function permute6(n: number, key: number): number {
  let x = n;
  do {
    let l = x >>> 10;
    let r = x & 0x3ff;
    for (let round = 0; round < 4; round++) {
      const f = hash32(r ^ hash32(key + round * 0x9e3779b9)) & 0x3ff;
      [l, r] = [r, l ^ f];
    }
    x = (l << 10) | r;
  } while (x >= 1_000_000);
  return x;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Yields persons one by one; keeps only a counter per ID bucket (≤ 63 × 92 × 2 entries). */
export class PopulationGenerator {
  private readonly rng: Prng;
  private readonly seed: number;
  private readonly counters = new Map<string, number>();

  constructor(seed: number = DEFAULT_SEED) {
    this.seed = seed >>> 0;
    this.rng = new Prng(seed);
  }

  next(): SyntheticPerson {
    const rng = this.rng;
    const gender = rng.float() < 0.497 ? 'male' : 'female';
    const year = YEAR_TABLE.pick(rng);
    const dayOfYear = rng.int(year % 4 === 0 ? 366 : 365);
    const birthDate = new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
    const province = PROVINCE_TABLE.pick(rng);

    const bucket = makeCitizenId(province.code, year, gender, '000000').slice(0, 6);
    const n = this.counters.get(bucket) ?? 0;
    if (n >= 1_000_000) throw new Error(`ID bucket ${bucket} is full (a million persons)`);
    this.counters.set(bucket, n + 1);
    const idNumber = makeCitizenId(
      province.code,
      year,
      gender,
      pad(permute6(n, hash32(this.seed ^ +bucket)), 6),
    );

    const fullName = `${SURNAME_TABLE.pick(rng)} ${MIDDLE[gender].pick(rng)} ${GIVEN[gender].pick(rng)}`;
    const child = year >= 2010;
    const hasPhone = rng.float() < (child ? 0.2 : 0.92);
    const phone = hasPhone
      ? `${PHONE_PREFIXES[rng.int(PHONE_PREFIXES.length)]}${pad(rng.int(10_000_000), 7)}`
      : '';
    const region = CENTRAL_CITIES.has(province.code) ? `Thành phố ${province.name}` : `Tỉnh ${province.name}`;
    const address =
      CENTRAL_CITIES.has(province.code) || rng.float() < 0.4
        ? `Số ${1 + rng.int(300)}, Tổ ${1 + rng.int(40)}, Phường ${1 + rng.int(20)}, ${region}`
        : `Thôn ${1 + rng.int(20)}, ${region}`;

    return { idNumber, fullName, birthDate, gender, phone, provinceCode: province.code.slice(1), address };
  }
}
