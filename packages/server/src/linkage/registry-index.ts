/**
 * The linkage's in-memory view of the population register: each person's comparison fields and
 * blocking keys, so a dose record is compared with a handful of candidates, never with everyone.
 * Keys are 30-bit hashes (a collision only adds a candidate the scoring then rejects).
 */
import { isRealDate } from '@oneqr/qr';
import { listPersonsAfter, type PersonSummary } from '../registry/service.ts';
import type { Db } from './repository.ts';
import { hash30, idNeighbours } from './similarity.ts';

/** A block larger than this is skipped (a common name with no other key says nothing). */
export const MAX_BLOCK = 200;

const GENDER_CODE = { unknown: 0, male: 1, female: 2 } as const;

export function nameTokens(folded: string): string[] {
  return folded.split(' ').filter((t) => t !== '');
}

/** Blocking keys of a person: given name + birth date, the rest + birth date, the sorted name +
 * birth year, the sorted name alone, the phone. */
function personKeys(tokens: string[], dob: string, phone: string | null): string[] {
  const keys = dateKeys(tokens, dob);
  const sorted = [...tokens].sort().join(' ');
  keys.push(`y${dob.slice(0, 4)}|${sorted}`, `n|${sorted}`);
  if (phone) keys.push(`p|${phone}`);
  return keys;
}

function dateKeys(tokens: string[], dob: string): string[] {
  const given = tokens[tokens.length - 1] ?? '';
  return [`g${dob}|${given}`, `s${dob}|${tokens.slice(0, -1).join(' ')}`];
}

/** The birth dates a typist may have meant: as written, day and month swapped, year ±1 or ±10. */
export function dateVariants(dob: string): string[] {
  const y = Number(dob.slice(0, 4));
  const m = Number(dob.slice(5, 7));
  const d = Number(dob.slice(8, 10));
  const out = [dob];
  const add = (yy: number, mm: number, dd: number) => {
    if (!isRealDate(yy, mm, dd)) return;
    const text = `${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
    if (!out.includes(text)) out.push(text);
  };
  add(y, d, m);
  for (const dy of [-1, 1, -10, 10]) add(y + dy, m, d);
  return out;
}

/** Room for the person index beside a 30-bit key hash in one exactly representable double. */
const SLOT = 2 ** 23;

export class RegistryIndex {
  readonly ids: string[] = [];
  readonly names: string[] = [];
  readonly phones: (string | null)[] = [];
  // Per person, packed: birth date as yyyymmdd, gender as a code (a string each would cost 40 B).
  private dobCodes = new Int32Array(1024);
  private genders = new Uint8Array(1024);
  /**
   * Blocking keys as `hash × 2^23 + person`, sorted once loaded: a block is a run of equal
   * hashes, found by binary search. Eight bytes a key, where a Map of arrays costs several
   * times that (a register of 1 M persons holds about 6 M keys). The ID number is a key too
   * (`i|…`, checked against `ids`), so no Map of a million strings is kept.
   */
  private keys = new Float64Array(4096);
  private keyCount = 0;
  private sorted = true;
  private readonly tokenCounts = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  add(p: PersonSummary): void {
    const i = this.ids.length;
    this.ids.push(p.idNumber);
    this.names.push(p.nameFolded);
    this.phones.push(p.phone);
    if (i >= this.genders.length) {
      const g = new Uint8Array(this.genders.length * 2);
      g.set(this.genders);
      this.genders = g;
      const d = new Int32Array(this.dobCodes.length * 2);
      d.set(this.dobCodes);
      this.dobCodes = d;
    }
    this.genders[i] = GENDER_CODE[p.gender];
    this.dobCodes[i] = Number(p.birthDate.replace(/-/g, ''));
    const tokens = nameTokens(p.nameFolded);
    for (const t of tokens) this.tokenCounts.set(t, (this.tokenCounts.get(t) ?? 0) + 1);
    if (i >= SLOT) throw new Error(`the linkage index holds at most ${SLOT} persons`);
    for (const key of [`i|${p.idNumber}`, ...personKeys(tokens, p.birthDate, p.phone)]) {
      if (this.keyCount === this.keys.length) {
        const grown = new Float64Array(this.keys.length * 2);
        grown.set(this.keys);
        this.keys = grown;
      }
      this.keys[this.keyCount++] = hash30(key) * SLOT + i;
    }
    this.sorted = false;
  }

  /** Sorts the blocking keys (once, after the last add; a lookup calls it when needed). */
  seal(): void {
    if (this.sorted) return;
    this.keys = this.keys.slice(0, this.keyCount).sort();
    this.sorted = true;
  }

  /** The person's birth date, YYYY-MM-DD. */
  dob(i: number): string {
    const c = String(this.dobCodes[i]).padStart(8, '0');
    return `${c.slice(0, 4)}-${c.slice(4, 6)}-${c.slice(6, 8)}`;
  }

  gender(i: number): 'male' | 'female' | 'unknown' {
    const g = this.genders[i];
    return g === 1 ? 'male' : g === 2 ? 'female' : 'unknown';
  }

  /** The person with exactly this ID number. */
  byIdNumber(id: string): number | undefined {
    const [lo, stop, first] = this.run(`i|${id}`);
    for (let k = lo; k < stop; k++) {
      const i = (this.keys[k] as number) - first;
      if (this.ids[i] === id) return i;
    }
    return undefined;
  }

  /** Information in a name token, in bits: −log2 of its share of all tokens (rare names weigh more). */
  tokenBits(token: string): number {
    const n = this.tokenCounts.get(token) ?? 0;
    return Math.min(20, Math.log2((this.size * 3 + 1) / (n + 1)));
  }

  /** The key's run in `keys` (at most MAX_BLOCK + 1 long): [start, end, hash × 2^23]. */
  private run(key: string): [number, number, number] {
    this.seal();
    const h = hash30(key);
    const first = h * SLOT;
    const keys = this.keys;
    let lo = 0;
    let hi = this.keyCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < first) lo = mid + 1;
      else hi = mid;
    }
    const end = Math.min(this.keyCount, lo + MAX_BLOCK + 1);
    let stop = lo;
    while (stop < end && Math.floor((keys[stop] as number) / SLOT) === h) stop++;
    return [lo, stop, first];
  }

  private block(key: string, out: Set<number>): void {
    const [lo, stop, first] = this.run(key);
    // A block over MAX_BLOCK persons (a common name alone) narrows nothing: skipped.
    if (stop - lo > MAX_BLOCK) return;
    for (let k = lo; k < stop; k++) out.add((this.keys[k] as number) - first);
  }

  /**
   * Candidates for a record: the ID and its one-digit and swapped-digit neighbours; given name
   * (any token, for word order) or the rest of the name with the birth date or a variant of it;
   * the sorted name with the birth year (±1); the sorted name alone when nothing else narrows it;
   * the phone.
   */
  candidates(rec: {
    idNumber: string;
    nameFolded: string;
    birthDate: string | null;
    phone: string | null;
  }): number[] {
    const out = new Set<number>();
    const id = rec.idNumber;
    if (/^\d{9,13}$/.test(id)) {
      const exact = this.byIdNumber(id);
      if (exact !== undefined) out.add(exact);
      if (id.length === 12 || id.length === 9) {
        for (const n of idNeighbours(id)) {
          const i = this.byIdNumber(n);
          if (i !== undefined) out.add(i);
        }
      }
    }
    const tokens = nameTokens(rec.nameFolded);
    const sorted = [...tokens].sort().join(' ');
    if (tokens.length > 0) {
      if (rec.birthDate) {
        for (const dob of dateVariants(rec.birthDate)) {
          for (const t of new Set(tokens)) this.block(`g${dob}|${t}`, out);
          this.block(dateKeys(tokens, dob)[1] as string, out);
        }
        const y = Number(rec.birthDate.slice(0, 4));
        for (const yy of [y, y - 1, y + 1]) this.block(`y${yy}|${sorted}`, out);
      }
      // The name alone: only when no birth date narrows it (the blocks above hold the rest).
      if (!rec.birthDate || out.size === 0) this.block(`n|${sorted}`, out);
    }
    if (rec.phone) this.block(`p|${rec.phone}`, out);
    return [...out];
  }
}

/** Reads the whole register into an index, page by page. */
export async function loadRegistryIndex(db: Db, pageSize = 20_000): Promise<RegistryIndex> {
  const index = new RegistryIndex();
  let after: string | null = null;
  for (;;) {
    const page = await listPersonsAfter(db, after, pageSize);
    for (const p of page) index.add(p);
    if (page.length < pageSize) {
      index.seal();
      return index;
    }
    after = (page[page.length - 1] as PersonSummary).idNumber;
  }
}
