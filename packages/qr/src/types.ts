/** Public types of the front door. */
import type { Issue } from './errors.ts';

export type Kind = 'personal-1405' | 'cccd' | 'citizen-id' | 'venue' | 'dcc' | 'shc' | 'unknown';

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

export interface ReadResult<F = Record<string, unknown>> {
  kind: Kind;
  fields: F | null;
  signature: SignatureInfo;
  warnings: Issue[];
  errors: Issue[];
}
