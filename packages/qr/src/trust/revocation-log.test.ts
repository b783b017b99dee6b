import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPair, importPrivateKey, type Es256KeyPair } from '../crypto/es256.ts';
import { b64uDecode, b64uEncode } from '../crypto/base64url.ts';
import {
  RevocationReplica,
  partitionOf,
  revocationRoot,
  sealRevocationBatch,
  signRevocationBatch,
  type RevocationRoot,
} from './revocation-log.ts';
import {
  REVOCATION_SNAPSHOT_FORMAT,
  signRevocationSnapshot,
  verifyRevocationSnapshot,
  type RevocationSnapshot,
} from './revocation-snapshot.ts';
import { signCompact } from '../crypto/jws.ts';
import { syncRevocationReplica, type RevocationLogSource } from './revocation-sync.ts';
import { validateTrustListDocument } from './validate.ts';
import type { RevocationLogHead, TrustListRevocationLog } from './types.ts';

const PARTS = 4;
const DAY = new Date('2025-06-01T00:00:00Z');

/** An in-memory platform log: append entries, seal one batch per non-empty partition. */
class Log {
  heads: RevocationLogHead[] = Array.from({ length: PARTS }, (_, partition) => ({
    partition,
    sequence: 0,
    hash: '',
  }));
  batches: string[][] = Array.from({ length: PARTS }, () => []);
  /** Each batch's head and entries, to build snapshots as of any sequence. */
  sealed: { head: RevocationLogHead; entries: [string, number][] }[][] = Array.from(
    { length: PARTS },
    () => [],
  );
  constructor(private readonly rootPrivate: JsonWebKey) {}
  async seal(entries: [string, number][], at = DAY): Promise<void> {
    for (let p = 0; p < PARTS; p++) {
      const mine = entries.filter(([q]) => partitionOf(q, PARTS) === p);
      if (mine.length === 0) continue;
      const r = await sealRevocationBatch(this.heads[p]!, mine, at, this.rootPrivate);
      this.batches[p]!.push(r.jws);
      this.sealed[p]!.push({ head: r.head, entries: mine });
      this.heads[p] = r.head;
    }
  }
  /** The signed snapshot of partition `p` as of batch `sequence` (default: its head). */
  async snapshot(p: number, sequence = this.heads[p]!.sequence, hash?: string): Promise<string> {
    const cut = new Map<string, number>();
    for (const b of this.sealed[p]!.slice(0, sequence))
      for (const [q, before] of b.entries) cut.set(q, Math.max(cut.get(q) ?? 0, before));
    return signRevocationSnapshot(
      {
        format: REVOCATION_SNAPSHOT_FORMAT,
        partition: p,
        sequence,
        hash: hash ?? (sequence === 0 ? '' : this.sealed[p]![sequence - 1]!.head.hash),
        issuedAt: DAY.toISOString(),
        entries: [...cut].sort(([a], [b]) => (a < b ? -1 : 1)),
      },
      this.rootPrivate,
    );
  }
  /** The log as a scanner's source; snapshots as of `snapshotAt[p]` (default: the head). */
  source(snapshotAt: number[] = this.heads.map((h) => h.sequence), pageSize = 2): RevocationLogSource {
    return {
      batches: async (p, since) => this.since(p, since).slice(0, pageSize),
      snapshot: async (p) => ({ sequence: snapshotAt[p]!, snapshot: await this.snapshot(p, snapshotAt[p]) }),
    };
  }
  pointer(): TrustListRevocationLog {
    return {
      url: 'https://qr.example/v1/revocations',
      partitions: PARTS,
      heads: this.heads.map((h) => ({ ...h })),
    };
  }
  /** "partition P since sequence S". */
  since(p: number, s: number): string[] {
    return this.batches[p]!.slice(s);
  }
}

async function sync(replica: RevocationReplica, log: Log, root: RevocationRoot): Promise<void> {
  const plan = replica.plan(log.pointer());
  if ('errors' in plan) throw new Error(plan.errors[0]!.message);
  for (const { partition, since } of plan.sync) {
    const r = await replica.apply(partition, log.since(partition, since), root, log.heads[partition]);
    if ('errors' in r) throw new Error(r.errors[0]!.message);
  }
}

const codes = (r: object) =>
  'errors' in r ? (r as { errors: { code: string }[] }).errors.map((e) => e.code) : [];

describe('revocation log', () => {
  let rootKeys: Es256KeyPair;
  let root: RevocationRoot;
  beforeAll(async () => {
    rootKeys = await generateKeyPair();
    root = (await revocationRoot(rootKeys.publicJwk))!;
  });

  it("a scanner synced yesterday that applies today's delta refuses exactly the QRs revoked since (property)", async () => {
    const qid = fc.stringMatching(/^[0-9]{6}$/);
    // A QR is (qid, iat); a revocation {qid, before} refuses the QRs of qid with iat < before.
    const rev = fc.tuple(qid, fc.integer({ min: 1, max: 1000 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(rev, { maxLength: 30 }),
        fc.array(rev, { maxLength: 30 }),
        fc.array(fc.tuple(qid, fc.integer({ min: 0, max: 1001 })), { maxLength: 40 }),
        async (yesterday, today, probes) => {
          const log = new Log(rootKeys.privateJwk);
          await log.seal(yesterday);
          const replica = new RevocationReplica(PARTS);
          await sync(replica, log, root);
          const refusedYesterday = (q: string, iat: number) => iat < (replica.revokedBefore(q) ?? -Infinity);
          const was = probes.map(([q, iat]) => refusedYesterday(q, iat));
          const yesterdayHeads = log.heads.map((h) => h.sequence);
          await log.seal(today, new Date(DAY.getTime() + 86_400_000));
          // Kept on the device overnight: the replica survives a JSON round trip.
          const kept = RevocationReplica.fromJSON(JSON.parse(JSON.stringify(replica)))!;
          await sync(kept, log, root);
          await sync(replica, log, root);
          expect(kept.toJSON()).toEqual(replica.toJSON());
          // A fresh scanner today: yesterday's snapshots (the server's may lag) plus today's
          // delta, in pages, hold exactly what the delta-synced replica holds.
          const fresh = new RevocationReplica(PARTS);
          const synced = await syncRevocationReplica(fresh, log.pointer(), root, log.source(yesterdayHeads));
          expect(synced).toHaveProperty('steps');
          expect(fresh.toJSON().heads).toEqual(replica.toJSON().heads);
          expect(new Map(fresh.toJSON().cutoffs)).toEqual(new Map(replica.toJSON().cutoffs));
          const all = [...yesterday, ...today];
          probes.forEach(([q, iat], i) => {
            const revokedSince = today.some(([tq, before]) => tq === q && iat < before);
            const refused = iat < (replica.revokedBefore(q) ?? -Infinity);
            expect(refused).toBe(all.some(([aq, before]) => aq === q && iat < before));
            // Refused now exactly when refused yesterday or revoked since; accepted otherwise.
            expect(refused).toBe(was[i]! || revokedSince);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  describe('attacks: a refused delta changes nothing', () => {
    let log: Log;
    let replica: RevocationReplica;
    const P = partitionOf('100001', PARTS);
    beforeAll(async () => {
      log = new Log(rootKeys.privateJwk);
      const ids = Array.from({ length: 40 }, (_, i) => String(100001 + i));
      const mine = ids.filter((q) => partitionOf(q, PARTS) === P);
      for (const [i, q] of mine.slice(0, 4).entries()) await log.seal([[q, 500 + i]]);
      replica = new RevocationReplica(PARTS);
      expect(await replica.apply(P, log.since(P, 0).slice(0, 1), root)).toMatchObject({
        head: { sequence: 1 },
      });
    });
    const unchanged = () => {
      expect(replica.head(P).sequence).toBe(1);
      expect(replica.size).toBe(1);
    };

    it('forged: signed by another key, or one byte altered', async () => {
      const other = await generateKeyPair();
      const b = JSON.parse(new TextDecoder().decode(b64uDecode(log.since(P, 1)[0]!.split('.')[1]!)));
      const forged = await signRevocationBatch(b, other.privateJwk);
      expect(codes(await replica.apply(P, [forged], root))).toEqual(['REVOCATION_BATCH_SIGNATURE_INVALID']);
      const [h, p, s] = log.since(P, 1)[0]!.split('.');
      const altered = `${h}.${p!.slice(0, -2)}${p!.endsWith('A') ? 'B' : 'A'}${p!.slice(-1)}.${s}`;
      expect(codes(await replica.apply(P, [altered], root))).toEqual(['REVOCATION_BATCH_SIGNATURE_INVALID']);
      unchanged();
    });

    it('reordered batches', async () => {
      const [b2, b3] = log.since(P, 1);
      expect(codes(await replica.apply(P, [b3!, b2!], root))).toEqual(['REVOCATION_BATCH_GAP']);
      unchanged();
    });

    it('replayed batch (already held, or twice in one delta)', async () => {
      expect(codes(await replica.apply(P, log.since(P, 0), root))).toEqual(['REVOCATION_BATCH_REPLAY']);
      const [b2] = log.since(P, 1);
      expect(codes(await replica.apply(P, [b2!, b2!], root))).toEqual(['REVOCATION_BATCH_REPLAY']);
      unchanged();
    });

    it('a gap in sequences, and a delta short of the trust list head', async () => {
      expect(codes(await replica.apply(P, log.since(P, 2), root))).toEqual(['REVOCATION_BATCH_GAP']);
      expect(codes(await replica.apply(P, log.since(P, 1).slice(0, 1), root, log.heads[P]))).toEqual([
        'REVOCATION_BATCH_GAP',
      ]);
      unchanged();
    });

    it('a batch of the right sequence that does not chain (a fork), or of another partition', async () => {
      const fork = await sealRevocationBatch(
        { partition: P, sequence: 1, hash: 'x'.repeat(43) },
        [],
        DAY,
        rootKeys.privateJwk,
      );
      expect(codes(await replica.apply(P, [fork.jws], root))).toEqual(['REVOCATION_BATCH_CHAIN']);
      const other = (P + 1) % PARTS;
      const wrong = await sealRevocationBatch(replica.head(P), [], DAY, rootKeys.privateJwk);
      expect(codes(await replica.apply(other, [wrong.jws], root))).toEqual(['REVOCATION_BATCH_PARTITION']);
      const q = Array.from({ length: 50 }, (_, i) => String(200000 + i)).find(
        (x) => partitionOf(x, PARTS) !== P,
      )!;
      const smuggled = await sealRevocationBatch(replica.head(P), [[q, 9]], DAY, rootKeys.privateJwk);
      expect(codes(await replica.apply(P, [smuggled.jws], root))).toEqual(['REVOCATION_BATCH_PARTITION']);
      unchanged();
    });

    it('rollback: a trust list naming an older head, or another batch at the held head', async () => {
      const pointer = log.pointer();
      const ahead = new RevocationReplica(PARTS);
      await sync(ahead, log, root);
      const old: TrustListRevocationLog = {
        ...pointer,
        heads: pointer.heads.map((h) =>
          h.partition === P ? { partition: P, sequence: 1, hash: replica.head(P).hash } : h,
        ),
      };
      expect(codes(ahead.plan(old))).toEqual(['REVOCATION_LOG_ROLLBACK']);
      const forked = {
        ...pointer,
        heads: pointer.heads.map((h) => ({ ...h, hash: h.sequence === 0 ? '' : 'y'.repeat(43) })),
      };
      expect(codes(ahead.plan(forked))).toEqual(['REVOCATION_LOG_ROLLBACK']);
      expect(codes(ahead.plan({ ...pointer, partitions: 8 }))).toEqual(['REVOCATION_LOG_PARTITIONS']);
      expect(ahead.plan(pointer)).toEqual({ sync: [] });
    });
  });

  describe('snapshot attacks: a refused snapshot changes nothing', () => {
    let log: Log;
    const P = partitionOf('100001', PARTS);
    const other = (P + 1) % PARTS;
    let replica: RevocationReplica;
    beforeAll(async () => {
      log = new Log(rootKeys.privateJwk);
      const ids = Array.from({ length: 80 }, (_, i) => String(100001 + i));
      for (const [i, q] of ids
        .filter((x) => partitionOf(x, PARTS) === P)
        .slice(0, 4)
        .entries())
        await log.seal([[q, 500 + i]]);
      await log.seal([[ids.find((x) => partitionOf(x, PARTS) === other)!, 7]]);
      replica = new RevocationReplica(PARTS);
    });
    const snapAt = (seq: number) => log.snapshot(P, seq);
    const unchanged = (r: RevocationReplica = replica, sequence = 0, size = 0) => {
      expect(r.head(P).sequence).toBe(sequence);
      expect(r.size).toBe(size);
    };

    it('a genuine snapshot and its delta apply; at the head it needs none', async () => {
      const fresh = new RevocationReplica(PARTS);
      const r = await fresh.applySnapshot(P, await snapAt(2), log.since(P, 2), root, log.heads[P]);
      expect(r).toMatchObject({ head: log.heads[P], added: 4 });
      const atHead = new RevocationReplica(PARTS);
      expect(await atHead.applySnapshot(P, await snapAt(4), [], root, log.heads[P])).toMatchObject({
        added: 4,
      });
      expect(atHead.toJSON()).toEqual(fresh.toJSON());
    });

    it('forged (another key), altered, or a batch passed as a snapshot', async () => {
      const genuine = await verifyRevocationSnapshot(await snapAt(4), root);
      if (!('snapshot' in genuine)) throw new Error('the genuine snapshot does not verify');
      const otherKey = await generateKeyPair();
      const forged = await signRevocationSnapshot(genuine.snapshot, otherKey.privateJwk);
      expect(codes(await replica.applySnapshot(P, forged, [], root, log.heads[P]))).toEqual([
        'REVOCATION_SNAPSHOT_SIGNATURE_INVALID',
      ]);
      // One more revocation slipped into a genuine snapshot's payload (either entry form).
      for (const form of ['json', 'packed'] as const) {
        const [h, , sig] = (await signRevocationSnapshot(genuine.snapshot, rootKeys.privateJwk, form)).split(
          '.',
        );
        const more = { ...genuine.snapshot, entries: [...genuine.snapshot.entries, ['100099', 999_999]] };
        const [, payload] = (
          await signRevocationSnapshot(more as RevocationSnapshot, otherKey.privateJwk, form)
        ).split('.');
        expect(codes(await replica.applySnapshot(P, `${h}.${payload}.${sig}`, [], root)), form).toEqual([
          'REVOCATION_SNAPSHOT_SIGNATURE_INVALID',
        ]);
      }
      expect(codes(await replica.applySnapshot(P, log.since(P, 0)[0]!, [], root))).toEqual([
        'REVOCATION_SNAPSHOT_HEADER',
      ]);
      unchanged();
    });

    it('both entry forms apply alike; root-signed but malformed packed bytes are refused', async () => {
      const genuine = await verifyRevocationSnapshot(await snapAt(4), root);
      if (!('snapshot' in genuine)) throw new Error('the genuine snapshot does not verify');
      const [a, b] = [new RevocationReplica(PARTS), new RevocationReplica(PARTS)];
      for (const [r, form] of [
        [a, 'json'],
        [b, 'packed'],
      ] as const) {
        const jws = await signRevocationSnapshot(genuine.snapshot, rootKeys.privateJwk, form);
        expect(JSON.parse(new TextDecoder().decode(b64uDecode(jws.split('.')[1]!)))).toHaveProperty(
          form === 'json' ? 'entries' : 'packed',
        );
        expect(await r.applySnapshot(P, jws, [], root, log.heads[P])).toMatchObject({ added: 4 });
      }
      expect(a.toJSON()).toEqual(b.toJSON());
      const { entries: _drop, ...meta } = genuine.snapshot;
      void _drop;
      for (const bad of [{ packed: 'AAA*' }, { packed: b64uEncode(new Uint8Array([3, 0, 1])) }]) {
        const jws = await signCompact(
          { alg: 'ES256', kid: root.kid, typ: 'oneqr-revocation-snapshot+jws' },
          JSON.stringify({ ...meta, ...bad }),
          await importPrivateKey(rootKeys.privateJwk),
        );
        expect(codes(await replica.applySnapshot(P, jws, [], root))).toEqual(['REVOCATION_SNAPSHOT_FIELD']);
      }
      unchanged();
    });

    it('of another partition, or smuggling an id of another partition', async () => {
      expect(codes(await replica.applySnapshot(other, await snapAt(4), [], root))).toEqual([
        'REVOCATION_SNAPSHOT_PARTITION',
      ]);
      const q = Array.from({ length: 50 }, (_, i) => String(200000 + i)).find(
        (x) => partitionOf(x, PARTS) !== P,
      )!;
      const smuggled = await signRevocationSnapshot(
        {
          format: REVOCATION_SNAPSHOT_FORMAT,
          partition: P,
          sequence: 4,
          hash: log.heads[P]!.hash,
          issuedAt: DAY.toISOString(),
          entries: [[q, 9]],
        },
        rootKeys.privateJwk,
      );
      expect(codes(await replica.applySnapshot(P, smuggled, [], root))).toEqual([
        'REVOCATION_SNAPSHOT_PARTITION',
      ]);
      unchanged();
    });

    it('stale: a snapshot older than the replica holds is a rollback', async () => {
      const ahead = new RevocationReplica(PARTS);
      await ahead.apply(P, log.since(P, 0).slice(0, 3), root);
      expect(codes(await ahead.applySnapshot(P, await snapAt(2), log.since(P, 2), root))).toEqual([
        'REVOCATION_SNAPSHOT_ROLLBACK',
      ]);
      unchanged(ahead, 3, 3);
    });

    it("a covered head not in the chain: a made-up hash, ahead of the trust list's head, another batch at it", async () => {
      const madeUp = await log.snapshot(P, 2, 'z'.repeat(43));
      expect(codes(await replica.applySnapshot(P, madeUp, log.since(P, 2), root, log.heads[P]))).toEqual([
        'REVOCATION_SNAPSHOT_CHAIN',
      ]);
      const atHeadMadeUp = await log.snapshot(P, 4, 'z'.repeat(43));
      expect(codes(await replica.applySnapshot(P, atHeadMadeUp, [], root, log.heads[P]))).toEqual([
        'REVOCATION_SNAPSHOT_CHAIN',
      ]);
      // A genuine snapshot of sequence 4 against a trust list that names sequence 3.
      const older = log.sealed[P]![2]!.head;
      expect(codes(await replica.applySnapshot(P, await snapAt(4), [], root, older))).toEqual([
        'REVOCATION_SNAPSHOT_CHAIN',
      ]);
      // Held at 2: a snapshot naming another batch 2 is a fork.
      const held = new RevocationReplica(PARTS);
      await held.apply(P, log.since(P, 0).slice(0, 2), root);
      expect(codes(await held.applySnapshot(P, madeUp, log.since(P, 2), root))).toEqual([
        'REVOCATION_SNAPSHOT_CHAIN',
      ]);
      unchanged(held, 2, 2);
      unchanged();
    });

    it('a genuine snapshot with a tampered delta, or one stopping short of the head', async () => {
      const [b3] = log.since(P, 2);
      const [h, p, sig] = b3!.split('.');
      const altered = `${h}.${p!.slice(0, -2)}${p!.endsWith('A') ? 'B' : 'A'}${p!.slice(-1)}.${sig}`;
      expect(codes(await replica.applySnapshot(P, await snapAt(2), [altered], root, log.heads[P]))).toEqual([
        'REVOCATION_BATCH_SIGNATURE_INVALID',
      ]);
      expect(
        codes(
          await replica.applySnapshot(P, await snapAt(2), log.since(P, 2).slice(0, 1), root, log.heads[P]),
        ),
      ).toEqual(['REVOCATION_BATCH_GAP']);
      expect(codes(await replica.applySnapshot(P, await snapAt(2), log.since(P, 1), root))).toEqual([
        'REVOCATION_BATCH_REPLAY',
      ]);
      unchanged();
    });
  });

  it('a malformed kept state is refused (start afresh)', () => {
    expect(RevocationReplica.fromJSON(null)).toBeNull();
    expect(RevocationReplica.fromJSON({ partitions: 2, heads: [], cutoffs: [] })).toBeNull();
    const good = new RevocationReplica(1).toJSON();
    expect(RevocationReplica.fromJSON({ ...good, cutoffs: [['x', -1]] })).toBeNull();
    expect(RevocationReplica.fromJSON(good)?.partitions).toBe(1);
  });

  it('the trust list carries the pointer, validated', async () => {
    const doc = { format: 'oneqr-trust-list/1', issuedAt: DAY.toISOString(), sequence: 1, issuers: [] };
    const log: TrustListRevocationLog = {
      url: 'https://qr.example/v1/revocations',
      partitions: 2,
      heads: [
        { partition: 0, sequence: 0, hash: '' },
        { partition: 1, sequence: 3, hash: 'a'.repeat(43) },
      ],
    };
    expect(await validateTrustListDocument({ ...doc, revocationLog: log })).toMatchObject({
      document: { revocationLog: log },
    });
    const bad = { ...log, heads: [log.heads[1], log.heads[0]] };
    expect(codes(await validateTrustListDocument({ ...doc, revocationLog: bad }))).toEqual([
      'TRUST_LIST_FIELD',
    ]);
    expect(
      codes(await validateTrustListDocument({ ...doc, revocationLog: { ...log, url: 'javascript:x' } })),
    ).toEqual(['TRUST_LIST_FIELD']);
  });
});
