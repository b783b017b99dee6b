/** The exit code of a read, and the `--at` instant parser, shared by read and its workers. */
import { isClockCode, isVerificationCode, type ReadResult } from '@oneqr/qr';
import { CliError } from '../cli-error.ts';

/**
 * 0 recognised and not invalid · 1 a signature or validity check failed · 2 unrecognised or
 * malformed. A field date after the checking instant (`--at` before the birth date) is a failed
 * validity check, not a malformed code.
 */
export function exitCodeFor(r: ReadResult): number {
  if (r.kind === 'unknown') return 2;
  const verification = r.errors.filter((e) => isVerificationCode(e.code) || isClockCode(e.code));
  if (r.errors.length > verification.length) return 2;
  if (r.signature.state === 'invalid' || verification.length > 0) return 1;
  return 0;
}

export function parseInstant(value: string | undefined, what = '--at'): Date | undefined {
  if (value === undefined) return undefined;
  // ISO 8601 with a date; a bare date means midnight UTC.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new CliError(`${what} "${value}" is not an ISO 8601 instant (e.g. 2026-11-27T10:00:00Z)`);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new CliError(`${what} "${value}" is not a real instant`);
  return d;
}
