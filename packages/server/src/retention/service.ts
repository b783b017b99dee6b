/**
 * The retention job (SPEC §8: epidemic-control data is deleted when no longer needed):
 * check-ins, tracing notifications and declarations (with their declared contacts) older than
 * the retention period (ONEQR_RETENTION_DAYS, default 21) are deleted; each purge is logged with
 * its counts. On PostgreSQL check-ins go by whole day partitions (checkins/partitions.ts), and the
 * job creates the coming days' partitions ahead. Any node may run it: a purge is idempotent.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { purgeCheckins } from '../checkins/service.ts';
import { purgeNotifications } from '../tracing/service.ts';
import { purgeDeclarations } from '../declarations/service.ts';

export interface PurgeReport {
  before: string;
  checkins: number;
  /** PostgreSQL: day partitions of check-ins dropped whole (their rows are in `checkins`). */
  checkinPartitionsDropped: number;
  notifications: number;
  declarations: number;
  declarationContacts: number;
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export async function purgeExpired(
  db: Kysely<DB>,
  now: Date,
  retentionDays: number,
  log?: Log,
): Promise<PurgeReport> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const checkins = await purgeCheckins(db, before, now);
  const notifications = await purgeNotifications(db, before);
  const declared = await purgeDeclarations(db, before);
  const report: PurgeReport = {
    before: before.toISOString(),
    checkins: checkins.deleted,
    checkinPartitionsDropped: checkins.partitionsDropped,
    notifications,
    declarations: declared.declarations,
    declarationContacts: declared.contacts,
  };
  log?.info({ retention: report }, 'retention purge');
  return report;
}

/** Runs the purge now and every `intervalMs`; returns the stop function. The timer keeps no process alive. */
export function scheduleRetention(
  db: Kysely<DB>,
  opts: { retentionDays: number; intervalMs: number },
  clock: () => Date,
  log: Log,
): () => void {
  const run = () =>
    void purgeExpired(db, clock(), opts.retentionDays, log).catch((err: unknown) =>
      log.error(
        { err: { type: (err as Error).name, code: (err as { code?: unknown }).code } },
        'retention purge failed',
      ),
    );
  run();
  const timer = setInterval(run, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
