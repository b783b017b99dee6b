/**
 * Synthetic dose records with known truth: doses of persons drawn from a registry CSV, typed
 * with the errors of the real clean-up (SPEC §7: missing and malformed IDs, typos in names and
 * IDs, diacritics dropped, word order, missing middle names, day/month swaps, wrong years), plus
 * doses of persons not in the registry. Deterministic: same inputs and seed → same bytes.
 * Streaming: the registry is read twice (count, then draw), never held in memory.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { foldName } from '@oneqr/qr';
import { CsvParser, csvField, type CsvRecord } from '../registry/index.ts';
import { DOSE_CSV_HEADER } from '../linkage/index.ts';
import { PopulationGenerator, type SyntheticPerson } from './population.ts';
import { Prng } from './prng.ts';

export const TRUTH_CSV_HEADER = 'record_id,site,person_id,noise';

export interface DoseGenerateOptions {
  registry: string;
  count: number;
  out: string;
  truth: string;
  seed?: number;
  /** 'realistic' (SPEC §7's kinds of error) or 'none' (every record typed exactly). */
  noise?: 'realistic' | 'none';
  onProgress?: (done: number) => void;
}

/** Share of records whose person is not in the registry. */
const NOT_IN_REGISTRY = 0.03;
const SITES = [
  'HN-BV-BACHMAI',
  'HN-TYT-PHUCXA',
  'HCM-BV-CHORAY',
  'HCM-TYT-Q1',
  'DN-TYT-HAICHAU',
  'CT-TYT-NINHKIEU',
];
const VACCINE_TYPED = [
  ['AZ', 'AstraZeneca', 'EU/1/21/1529', 'Astra'],
  ['Pfizer', 'EU/1/20/1528', 'Comirnaty'],
  ['Vero Cell', 'Sinopharm', 'BBIBP-CorV'],
  ['Moderna', 'EU/1/20/1507'],
  ['Sputnik V', 'Sputnik-V'],
  ['Abdala'],
  ['Hayat-Vax'],
  ['Janssen'],
];
const VACCINE_WEIGHTS = [0.35, 0.3, 0.2, 0.08, 0.03, 0.02, 0.01, 0.01];

/** Reads the registry CSV's persons (the generator's columns, found by header name). */
async function* registryPersons(file: string): AsyncGenerator<SyntheticPerson> {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  let cols: Map<string, number> | null = null;
  const toPerson = (r: CsvRecord): SyntheticPerson | null => {
    if (cols === null) {
      cols = new Map(r.fields.map((f, i) => [f.trim().toLowerCase(), i]));
      return null;
    }
    const f = (c: string) => r.fields[cols?.get(c) ?? -1] ?? '';
    return {
      idNumber: f('id_number'),
      fullName: f('full_name'),
      birthDate: f('birth_date'),
      gender: f('gender') === 'female' ? 'female' : 'male',
      phone: f('phone'),
      provinceCode: f('province_code'),
      address: '',
    };
  };
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    parser.push(chunk as string, out);
    for (const r of out) {
      const p = toPerson(r);
      if (p) yield p;
    }
    out.length = 0;
  }
  parser.end(out);
  for (const r of out) {
    const p = toPerson(r);
    if (p) yield p;
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

class Typist {
  constructor(private readonly rng: Prng) {}
  chance(p: number): boolean {
    return this.rng.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)] as T;
  }

  id(id: string, noise: string[]): string {
    const r = this.rng.float();
    if (r < 0.035) return (noise.push('id-missing'), '');
    if (r < 0.05) {
      noise.push('id-format');
      const k = this.rng.int(3);
      return k === 0 ? id.slice(0, 11) : k === 1 ? `${id}${this.rng.int(10)}` : id.slice(0, 9);
    }
    if (r < 0.07) {
      noise.push('id-digit');
      const i = 3 + this.rng.int(9);
      const d = (Number(id[i]) + 1 + this.rng.int(9)) % 10;
      return id.slice(0, i) + d + id.slice(i + 1);
    }
    if (r < 0.08) {
      const i = 3 + this.rng.int(8);
      if (id[i] === id[i + 1]) return id;
      noise.push('id-swap');
      return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
    }
    return id;
  }

  name(name: string, noise: string[]): string {
    const r = this.rng.float();
    const tokens = name.split(' ');
    if (r < 0.1) return (noise.push('name-diacritics'), foldName(name));
    if (r < 0.13) return (noise.push('name-spacing'), ` ${tokens.join('  ')} `);
    if (r < 0.145 && tokens.length >= 3) {
      noise.push('name-order');
      return [tokens[tokens.length - 1], ...tokens.slice(0, -1)].join(' ');
    }
    if (r < 0.165 && tokens.length >= 3) {
      noise.push('name-middle-missing');
      return [tokens[0], tokens[tokens.length - 1]].join(' ');
    }
    if (r < 0.195) {
      noise.push('name-typo');
      const t = this.rng.int(tokens.length);
      const word = tokens[t] as string;
      const i = this.rng.int(word.length);
      const k = this.rng.int(3);
      tokens[t] =
        k === 0 && word.length > 2
          ? word.slice(0, i) + word.slice(i + 1)
          : k === 1
            ? word.slice(0, i) + word[i] + word.slice(i)
            : word.slice(0, i) + this.pick(['a', 'n', 'h', 'i', 'u', 'o']) + word.slice(i + 1);
      return tokens.join(' ');
    }
    return name;
  }

  birthDate(iso: string, noise: string[]): string {
    let [y, m, d] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
    const r = this.rng.float();
    if (r < 0.01) return (noise.push('dob-missing'), '');
    if (r < 0.04 && d <= 12 && d !== m) {
      noise.push('dob-swap');
      [m, d] = [d, m];
    } else if (r < 0.055) {
      noise.push('dob-year');
      y += this.pick([-1, 1, -10, 10]);
      if (m === 2 && d === 29) d = 28;
    }
    return this.chance(0.4) ? `${pad2(d)}/${pad2(m)}/${y}` : `${y}-${pad2(m)}-${pad2(d)}`;
  }
}

/** Writes `count` dose records and their truth. */
export async function generateDoseRecords(
  opts: DoseGenerateOptions,
): Promise<{ count: number; persons: number }> {
  const rng = new Prng((opts.seed ?? 7) >>> 0);
  const typist = new Typist(rng);
  const realistic = (opts.noise ?? 'realistic') === 'realistic';
  let registrySize = 0;
  for await (const _ of registryPersons(opts.registry)) registrySize++;
  if (registrySize === 0) throw new Error(`registry "${opts.registry}" holds no person`);
  const strangers = new PopulationGenerator(((opts.seed ?? 7) ^ 0x5a5a5a) >>> 0);
  // Each drawn person gets 1–3 doses (mean 1.9): draw enough persons for `count` records.
  const wanted = Math.min(registrySize, Math.ceil((opts.count * (1 - NOT_IN_REGISTRY)) / 1.9) + 1);

  const out = fs.createWriteStream(opts.out, { encoding: 'utf8' });
  const truth = fs.createWriteStream(opts.truth, { encoding: 'utf8' });
  const write = async (s: fs.WriteStream, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  await write(out, `${DOSE_CSV_HEADER}\n`);
  await write(truth, `${TRUTH_CSV_HEADER}\n`);
  let n = 0;
  let persons = 0;
  let seen = 0;
  let chosen = 0;
  let buf = '';
  let tbuf = '';
  const emit = async (p: SyntheticPerson, inRegistry: boolean) => {
    persons++;
    const doses = Math.min(opts.count - n, 1 + (rng.float() < 0.7 ? 1 : 0) + (rng.float() < 0.2 ? 1 : 0));
    const site = typist.pick(SITES);
    const v = rng.int(100) / 100;
    let acc = 0;
    let vi = 0;
    while (vi < VACCINE_WEIGHTS.length - 1 && v >= (acc += VACCINE_WEIGHTS[vi] as number)) vi++;
    let day = Date.UTC(2021, 5, 1) + rng.int(180) * 86_400_000;
    for (let k = 1; k <= doses; k++) {
      n++;
      const noise: string[] = [];
      const id = realistic ? typist.id(p.idNumber, noise) : p.idNumber;
      const name = realistic ? typist.name(p.fullName, noise) : p.fullName;
      const dob = realistic ? typist.birthDate(p.birthDate, noise) : p.birthDate;
      let gender: string = p.gender;
      if (realistic && typist.chance(0.01)) {
        gender = p.gender === 'male' ? 'female' : 'male';
        noise.push('gender-wrong');
      } else if (realistic && typist.chance(0.03)) gender = '';
      let phone = p.phone;
      if (realistic && phone !== '' && typist.chance(0.3)) phone = '';
      else if (realistic && typist.chance(0.03)) {
        phone = `09${String(rng.int(1e8)).padStart(8, '0')}`;
        noise.push('phone-other');
      }
      const vaccine = typist.pick(VACCINE_TYPED[vi] as string[]);
      const date = new Date(day).toISOString().slice(0, 10);
      day += (28 + rng.int(60)) * 86_400_000;
      const recordId = `V${String(n).padStart(9, '0')}`;
      buf += `${recordId},${site},${csvField(id)},${csvField(name)},${dob},${gender},${phone},${csvField(vaccine)},L${rng.int(100000)},${date},${k}\n`;
      tbuf += `${recordId},${site},${inRegistry ? p.idNumber : ''},${noise.join(' ')}\n`;
    }
    if (buf.length > 64 * 1024) {
      await write(out, buf);
      await write(truth, tbuf);
      buf = tbuf = '';
      opts.onProgress?.(n);
    }
  };
  for await (const p of registryPersons(opts.registry)) {
    if (n >= opts.count) break;
    // Selection sampling (Knuth's algorithm S): exactly `wanted` of the registry, in file order.
    if (rng.float() * (registrySize - seen) < wanted - chosen) {
      chosen++;
      await emit(p, true);
      while (n < opts.count && rng.float() < NOT_IN_REGISTRY / (1 - NOT_IN_REGISTRY) / 1.0)
        await emit(strangers.next(), false);
    }
    seen++;
  }
  while (n < opts.count) await emit(strangers.next(), false);
  await write(out, buf);
  await write(truth, tbuf);
  out.end();
  truth.end();
  await Promise.all([once(out, 'finish'), once(truth, 'finish')]);
  opts.onProgress?.(n);
  return { count: n, persons };
}
