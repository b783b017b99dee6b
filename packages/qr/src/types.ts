/** Public types of the front door. */
import type { Issue } from './errors.ts';
import type { PersonalFields } from './formats/personal/fields.ts';
import type { CccdFields } from './formats/cccd/fields.ts';
import type { CitizenIdFields } from './formats/citizen-id/decode.ts';
import type { VenueFields } from './formats/venue/parse.ts';
import type { DeclarationFields } from './formats/declaration/parse.ts';
import type { DccFields } from './formats/dcc/types.ts';
import type { ShcFields } from './formats/shc/types.ts';
import type { DccRulesEvaluation } from './rules/dcc.ts';

export type Kind =
  'personal-1405' | 'cccd' | 'citizen-id' | 'venue' | 'declaration' | 'dcc' | 'shc' | 'unknown';

/**
 * - `valid`: signed and verified against a trust source;
 * - `invalid`: checked and failed (bad signature, revoked or out-of-rights key, expired, …);
 * - `unsigned`: the code carries no signature (1405 sample, CCCD, bare ID): confirm online;
 * - `untrusted`: signed, but no trust source given knows the key.
 */
export type SignatureState = 'valid' | 'invalid' | 'unsigned' | 'untrusted';

export interface SignatureInfo {
  state: SignatureState;
  /** The issuer the key belongs to, when a trust source knows it. */
  issuer?: { id: string; name: string };
  kid?: string;
  /** Issue time, Unix seconds, when the format carries one. */
  iat?: number;
  alg?: string;
}

/** What every format parser returns. Never throws; `fields` is null when nothing could be read. */
export interface Parsed<F> {
  fields: F | null;
  errors: Issue[];
  warnings: Issue[];
}

/** The fields each kind reads into. */
export interface FieldsOfKind {
  'personal-1405': PersonalFields;
  cccd: CccdFields;
  'citizen-id': CitizenIdFields;
  venue: VenueFields;
  declaration: DeclarationFields;
  dcc: DccFields;
  shc: ShcFields;
  unknown: never;
}

/** What `read()` answers for a code of kind `K`: `fields` is null when nothing could be read. */
export interface ReadResultOf<K extends Kind> {
  kind: K;
  fields: FieldsOfKind[K] | null;
  signature: SignatureInfo;
  warnings: Issue[];
  errors: Issue[];
  /** `HC1:` read with `context.rules`: each applicable business rule's outcome (absent when the
   *  DCC could not be decoded, or no rules were given). */
  rules?: DccRulesEvaluation;
}

/** What `read()` answers: a union discriminated by `kind`, so narrowing on it types `fields`. */
export type ReadResult = { [K in Kind]: ReadResultOf<K> }[Kind];
