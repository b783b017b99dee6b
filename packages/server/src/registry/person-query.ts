/**
 * The registry's one-person read as a query fragment that another domain composes into its own
 * statement, so that a hot path reads a person and that domain's rows about them in ONE round
 * trip (a scan: the person, then the health rows that decide the colour). The table stays the
 * registry's all the same: the fragment's SQL, its column aliases and their decoding live here,
 * and a caller sees only what this interface hands out — the query to join as a common table
 * expression, the one column it may filter on (the province), and `decode` for the row it reads
 * back. A caller never names a registry column.
 */
import { sql, type RawBuilder } from 'kysely';
import { rowToPerson, type Person, type PersonColumns } from './person.ts';

/** What a Person is read from (rowToPerson's input), in the order the fragment selects them. */
const COLUMNS = [
  'id_number',
  'document_type',
  'full_name',
  'birth_date',
  'gender',
  'phone',
  'province_code',
  'address',
  'qid',
  'declarer_qid',
] as const satisfies readonly (keyof PersonColumns)[];
/** Compile-time: every column a Person needs is selected (a new one cannot be left undefined). */
const _everyColumn: Exclude<keyof PersonColumns, (typeof COLUMNS)[number]> extends never ? true : never =
  true;

/** Each column with its alias: a prefix of its own, so it cannot collide with the caller's columns. */
const ALIASED = COLUMNS.map((c) => [c, `registry_${c}`] as const);
const aliasOf = (c: (typeof COLUMNS)[number]): string => `registry_${c}`;

/** One person by ID number, to be joined into another domain's query. */
export interface PersonFragment {
  /** A `select` yielding zero or one row: the person with this ID number. */
  query: RawBuilder<unknown>;
  /** The fragment's column holding the person's 2-digit province code (null when none). */
  provinceColumn: string;
  /** The person from a result row that carries the fragment's columns; undefined when null. */
  decode(row: Readonly<Record<string, unknown>>): Person | undefined;
}

// One raw text built once from the constant names above (nothing from input): compiled on every
// scan, ten identifier nodes cost more than the rest of the statement.
const SELECT_LIST = sql.raw(ALIASED.map(([c, a]) => `"${c}" as "${a}"`).join(', '));
const ID = aliasOf('id_number');
const PROVINCE = aliasOf('province_code');

export function personFragment(idNumber: string): PersonFragment {
  return {
    query: sql`select ${SELECT_LIST} from registry_persons where id_number = ${idNumber}`,
    provinceColumn: PROVINCE,
    decode(row) {
      if (row[ID] == null) return undefined;
      // On the scan's hot path: one plain loop, no intermediate arrays.
      const fields: Record<string, unknown> = {};
      for (const [c, a] of ALIASED) fields[c] = row[a];
      return rowToPerson(fields as PersonColumns);
    },
  };
}
