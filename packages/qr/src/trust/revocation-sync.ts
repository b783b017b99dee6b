/**
 * A scanner's refresh of its revocation replica (docs/revocations.md), the one home of the
 * rule the CLI and the web scanner follow: plan against the signed trust list's heads, fetch
 * each partition behind it (a snapshot first when the replica holds nothing of it, then every
 * page of the delta), and apply it whole. Transport is the caller's: {@link httpRevocationLog}
 * over a fetch function, or anything answering the same two questions.
 */
import type { Issue } from '../errors.ts';
import type { RevocationLogHead, TrustListRevocationLog } from './types.ts';
import type { RevocationReplica, RevocationRoot } from './revocation-log.ts';

/** What a revocation log answers. */
export interface RevocationLogSource {
  /** Batches of `partition` after sequence `since`, oldest first (one page: maybe not all). */
  batches(partition: number, since: number): Promise<string[]>;
  /** The partition's snapshot and the sequence it covers; null when the log offers none. */
  snapshot?(partition: number): Promise<{ sequence: number; snapshot: string } | null>;
}

export interface RevocationSyncStep {
  partition: number;
  from: number;
  to: number;
  added: number;
  snapshot: boolean;
}

/**
 * Brings `replica` to the heads of `log` (already verified with the trust list). Stops at the
 * first refused partition: the partitions before it stay applied (each was checked whole), so
 * a caller that must change nothing on failure keeps a copy (the CLI saves only on success).
 */
export async function syncRevocationReplica(
  replica: RevocationReplica,
  log: TrustListRevocationLog,
  root: RevocationRoot,
  source: RevocationLogSource,
  onPartition?: (done: number, total: number) => void,
): Promise<{ steps: RevocationSyncStep[] } | { errors: Issue[]; partition?: number }> {
  const plan = replica.plan(log);
  if ('errors' in plan) return plan;
  const steps: RevocationSyncStep[] = [];
  for (const [i, { partition, since }] of plan.sync.entries()) {
    const head = log.heads[partition]!;
    const snap = since === 0 && source.snapshot ? await source.snapshot(partition) : null;
    const batches = await allBatches(source, head, snap?.sequence ?? since);
    const r =
      snap === null
        ? await replica.apply(partition, batches, root, head)
        : await replica.applySnapshot(partition, snap.snapshot, batches, root, head);
    if ('errors' in r) return { errors: r.errors, partition };
    steps.push({ partition, from: since, to: r.head.sequence, added: r.added, snapshot: snap !== null });
    onPartition?.(i + 1, plan.sync.length);
  }
  return { steps };
}

/** Every page after `since` up to the head (a page that adds nothing ends it: apply then says why). */
async function allBatches(source: RevocationLogSource, head: RevocationLogHead, since: number) {
  const out: string[] = [];
  let at = since;
  while (at < head.sequence) {
    const page = await source.batches(head.partition, at);
    if (page.length === 0) break;
    out.push(...page);
    at += page.length;
  }
  return out;
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/**
 * The platform's log over HTTP at `url` (the trust list's `revocationLog.url`, resolved against
 * the list's own URL): `<url>/<P>?since=<S>` and `<url>/<P>/snapshot`. A failed request throws
 * (a network fault, not a verdict on the log); a log without snapshots (404) syncs by delta.
 */
export function httpRevocationLog(url: string, fetchFn: Fetch): RevocationLogSource {
  const base = url.replace(/\/+$/, '');
  const get = async (path: string, missingOk: boolean): Promise<unknown> => {
    const res = await fetchFn(`${base}${path}`);
    if (missingOk && res.status === 404) return null;
    if (!res.ok) throw new Error(`GET ${base}${path} answered ${res.status}`);
    return res.json();
  };
  return {
    async batches(partition, since) {
      const body = (await get(`/${partition}?since=${since}`, false)) as { batches?: unknown };
      if (!Array.isArray(body?.batches)) throw new Error(`GET ${base}/${partition}: no batches list`);
      return body.batches as string[];
    },
    async snapshot(partition) {
      const body = (await get(`/${partition}/snapshot`, true)) as {
        sequence?: unknown;
        snapshot?: unknown;
      } | null;
      if (body === null) return null;
      if (typeof body.snapshot !== 'string' || !Number.isSafeInteger(body.sequence))
        throw new Error(`GET ${base}/${partition}/snapshot: no snapshot`);
      return { sequence: body.sequence as number, snapshot: body.snapshot };
    },
  };
}
