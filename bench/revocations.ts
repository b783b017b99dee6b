/**
 * Revocation sync (issue 11, docs/revocations.md): the bytes a scanner downloads for a full sync
 * (all batches, or one snapshot per partition) and for a one-day delta of the revocation log at 10 M revocations (structures generated and
 * signed in memory, exactly as the platform's writer seals them, not through HTTP), against the
 * same revocations embedded in the signed trust list (the design it replaces); and re-issues per
 * second under 32 concurrent apps on PostgreSQL, against one app at a time.
 */
import { gzipSync } from 'node:zlib';
import {
  generateKeyPair,
  makeCitizenId,
  partitionOf,
  REVOCATION_PARTITIONS,
  REVOCATION_SNAPSHOT_FORMAT,
  sealRevocationBatch,
  signRevocationSnapshot,
  type RevocationLogHead,
} from '@oneqr/qr';
import { createClient, createIssuer, createPerson, issuePersonal, openStore } from '@oneqr/server';
import { createTempDatabase, DEFAULT_PG_URL, pgUnavailable } from './lib/pg-database.ts';
import { result, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'revocations';
/** Platform writer settings (packages/server/src/issuers/revocation-log.ts). */
const SEAL_MAX_ENTRIES = 10_000;
const SEALS_PER_DAY = 288; // every 5 minutes
const BASE_BEFORE = 1_748_736_000;

/** The i-th revoked QID: 18 digits like the public sample. */
const qidOf = (i: number): string => `1629${String(i * 7919).padStart(14, '0')}`;

interface Sizes {
  bytes: number;
  gzipBytes: number;
  batches: number;
}

/**
 * Seals `count` revocations (starting at index `from`) as the writer does: `runs` runs, each
 * sealing every partition's pending entries in batches of at most SEAL_MAX_ENTRIES. Counts the
 * JWS bytes (gzip estimated on a sample of batches, to bound the run time).
 */
async function sealAll(from: number, count: number, runs: number, rootPrivate: JsonWebKey): Promise<Sizes> {
  const heads: RevocationLogHead[] = Array.from({ length: REVOCATION_PARTITIONS }, (_, partition) => ({
    partition,
    sequence: 0,
    hash: '',
  }));
  const perRun = Math.ceil(count / runs);
  let bytes = 0;
  let sampled = 0;
  let sampledGzip = 0;
  let batches = 0;
  const at = new Date(BASE_BEFORE * 1000);
  for (let run = 0; run < runs; run++) {
    const pending: [string, number][][] = Array.from({ length: REVOCATION_PARTITIONS }, () => []);
    const end = Math.min(from + count, from + (run + 1) * perRun);
    for (let i = from + run * perRun; i < end; i++) {
      const q = qidOf(i);
      pending[partitionOf(q)]!.push([q, BASE_BEFORE + (i % 86_400)]);
    }
    for (let p = 0; p < REVOCATION_PARTITIONS; p++) {
      const list = pending[p]!;
      for (let k = 0; k < list.length; k += SEAL_MAX_ENTRIES) {
        const sealed = await sealRevocationBatch(
          heads[p]!,
          list.slice(k, k + SEAL_MAX_ENTRIES),
          at,
          rootPrivate,
        );
        heads[p] = sealed.head;
        bytes += sealed.jws.length;
        if (batches % 50 === 0) {
          sampled += sealed.jws.length;
          sampledGzip += gzipSync(sealed.jws).length;
        }
        batches++;
      }
    }
  }
  return { bytes, gzipBytes: Math.round(bytes * (sampledGzip / sampled)), batches };
}

/**
 * A fresh scanner's first download with snapshots: one signed snapshot per partition holding
 * every cut-off of `count` revocations (as the platform's `revocationSnapshot` builds it, one
 * entry per id, sorted), gzip measured on every snapshot.
 */
async function snapshotSizes(count: number, rootPrivate: JsonWebKey): Promise<Sizes> {
  const parts: [string, number][][] = Array.from({ length: REVOCATION_PARTITIONS }, () => []);
  for (let i = 0; i < count; i++) {
    const q = qidOf(i);
    parts[partitionOf(q)]!.push([q, BASE_BEFORE + (i % 86_400)]);
  }
  let bytes = 0;
  let gzipBytes = 0;
  for (let p = 0; p < REVOCATION_PARTITIONS; p++) {
    const entries = parts[p]!.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    parts[p] = [];
    const jws = await signRevocationSnapshot(
      {
        format: REVOCATION_SNAPSHOT_FORMAT,
        partition: p,
        sequence: 1,
        hash: 'A'.repeat(43),
        issuedAt: new Date(BASE_BEFORE * 1000).toISOString(),
        entries,
      },
      rootPrivate,
    );
    bytes += jws.length;
    gzipBytes += gzipSync(jws).length;
  }
  return { bytes, gzipBytes, batches: REVOCATION_PARTITIONS };
}

/** The same revocations embedded in the signed trust list: base64url of the JSON members. */
function embeddedBytes(count: number): number {
  let json = 0;
  for (let i = 0; i < count; i++)
    json += `{"qid":"${qidOf(i)}","before":${BASE_BEFORE + (i % 86_400)}},`.length;
  return Math.ceil((json * 4) / 3);
}

async function reissueRate(
  url: string,
  apps: number,
  seconds: number,
): Promise<{ perSec: number; ops: number }> {
  const store = await openStore({ url });
  try {
    const now = new Date();
    await createIssuer(store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, now);
    const people = [];
    for (let i = 0; i < apps; i++) {
      const idNumber = makeCitizenId('001', 1960 + (i % 40), i % 2 ? 'male' : 'female', String(100000 + i));
      const person = {
        idNumber,
        fullName: `Nguyen Van ${String.fromCharCode(65 + (i % 26))}`,
        birthDate: `${1960 + (i % 40)}-01-15`,
      };
      await createPerson(store.db, { ...person, gender: i % 2 ? 'male' : 'female' }, now);
      const c = await createClient(store.db, { role: 'app', name: `App ${i}`, issuerId: 'pc-covid' }, now);
      people.push({
        person,
        app: { id: c.clientId, name: `App ${i}`, role: 'app' as const, issuerId: 'pc-covid' },
      });
    }
    // Each app re-issues its user's QR in a loop, its clock one second further each time (so
    // iat never runs ahead: CREDENTIALS_REISSUE_TOO_FREQUENT is a limit of real apps, not of this).
    let ops = 0;
    const t0 = performance.now();
    const deadline = t0 + seconds * 1000;
    await Promise.all(
      people.map(async ({ person, app }) => {
        for (let k = 0; performance.now() < deadline; k++) {
          await issuePersonal(store.db, app, person, new Date(now.getTime() + k * 1000));
          ops++;
        }
      }),
    );
    return { perSec: ops / ((performance.now() - t0) / 1000), ops };
  } finally {
    await store.close();
  }
}

export const revocationsBenchmark: Benchmark = {
  name: NAME,
  description:
    'revocation log sync bytes (full: batches or snapshots; one-day delta) at 10 M revocations; re-issues/s with 32 apps',
  async run(ctx: Context): Promise<Result[]> {
    const total = Number(process.env.ONEQR_BENCH_REVOCATIONS ?? (ctx.quick ? 200_000 : 10_000_000));
    const perDay = Math.max(1, Math.round(total / 100)); // assumed: 1 % of the log is one day's
    const root = await generateKeyPair();
    const embedded = embeddedBytes(total);
    const anchorEmbedded = {
      name: 'revocations embedded in the signed trust list',
      value: embedded,
      unit: 'B',
    };
    const day = await sealAll(total, perDay, SEALS_PER_DAY, root.privateJwk);
    // Full sync of the log as the writer leaves it: `days` days of 288 runs, each day shaped as
    // the one measured (signing all ~460 k small batches would take minutes on a shared machine).
    const days = Math.ceil(total / perDay);
    const full: Sizes = {
      bytes: day.bytes * days,
      gzipBytes: day.gzipBytes * days,
      batches: day.batches * days,
    };
    // The same revocations compacted (every batch full), generated and signed: a snapshot's cost.
    const compact = await sealAll(0, total, 1, root.privateJwk);
    const snapStarted = performance.now();
    const snap = await snapshotSizes(total, root.privateJwk);
    const snapshotSeconds = (performance.now() - snapStarted) / 1000;
    const out: Result[] = [
      result(
        NAME,
        `full sync, ${total} revocations, ${REVOCATION_PARTITIONS} partitions, as the writer leaves it`,
        full.bytes,
        'B',
        anchorEmbedded,
        {
          pinned: false,
          detail: {
            gzipBytes: full.gzipBytes,
            batches: full.batches,
            bytesPerRevocation: full.bytes / total,
          },
        },
      ),
      result(
        NAME,
        `full sync, compacted (batches of ${SEAL_MAX_ENTRIES})`,
        compact.bytes,
        'B',
        anchorEmbedded,
        {
          pinned: false,
          detail: {
            gzipBytes: compact.gzipBytes,
            batches: compact.batches,
            bytesPerRevocation: compact.bytes / total,
          },
        },
      ),
      result(
        NAME,
        `full sync, snapshots (one per partition, ${REVOCATION_PARTITIONS})`,
        snap.bytes,
        'B',
        { name: 'full sync, compacted', value: compact.bytes, unit: 'B' },
        {
          pinned: false,
          detail: {
            gzipBytes: snap.gzipBytes,
            compactedGzipBytes: compact.gzipBytes,
            snapshots: snap.batches,
            bytesPerRevocation: snap.bytes / total,
            snapshotSeconds,
          },
        },
      ),
      result(
        NAME,
        `one-day delta, ${perDay} revocations over ${SEALS_PER_DAY} writer runs`,
        day.bytes,
        'B',
        { name: 'full sync, compacted', value: compact.bytes, unit: 'B' },
        {
          pinned: false,
          detail: { gzipBytes: day.gzipBytes, batches: day.batches, bytesPerRevocation: day.bytes / perDay },
        },
      ),
    ];
    const adminUrl = process.env.ONEQR_BENCH_PG_URL ?? DEFAULT_PG_URL;
    const why = await pgUnavailable(adminUrl);
    if (why !== null) {
      out.push(
        result(NAME, 're-issues/s, 32 apps, PostgreSQL', 0, 'issue/s', null, {
          pinned: false,
          note: `skipped: ${why}`,
        }),
      );
      return out;
    }
    const seconds = ctx.quick ? 2 : 10;
    const rates = [];
    for (const apps of [1, 32]) {
      const db = await createTempDatabase(adminUrl);
      try {
        rates.push(await reissueRate(db.url, apps, seconds));
      } finally {
        await db.drop();
      }
    }
    out.push(
      result(
        NAME,
        're-issues/s, 32 concurrent apps (one QID each), PostgreSQL',
        rates[1]!.perSec,
        'issue/s',
        { name: 're-issues/s, one app', value: rates[0]!.perSec, unit: 'issue/s' },
        { pinned: false, detail: { ops: rates[1]!.ops, seconds, oneAppOps: rates[0]!.ops } },
      ),
    );
    return out;
  },
};
