import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, type TestApp } from '../platform/build.ts';
import {
  RevocationReplica,
  TrustStore,
  httpRevocationLog,
  syncRevocationReplica,
  verifyRevocationSnapshot,
  partitionOf,
  revocationRoot,
  sourceFromTrustList,
  verifySigned,
  verifyTrustList,
  type TrustListDocument,
} from '@oneqr/qr';
import {
  addRevocation,
  createIssuer,
  SNAPSHOT_REBUILD_AFTER,
  sealRevocationBatches,
  signerFor,
} from '../../src/issuers/service.ts';
import { seconds, signedSample } from './sign-helper.ts';

const QIDS = ['162979388586171100', '162979388586171101', '162979388586171102'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: revocation log`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
    });
    afterEach(async () => t.close());

    const sequence = async () =>
      Number(
        (await t.store.db.selectFrom('trust_list_state').select('sequence').executeTakeFirstOrThrow())
          .sequence,
      );
    const fetchList = async (rootJwk: JsonWebKey): Promise<TrustListDocument> => {
      const r = await verifyTrustList((await t.app.inject({ url: '/v1/trust-list' })).body, rootJwk);
      if (!('document' in r)) throw new Error(JSON.stringify(r.errors));
      return r.document;
    };

    it('revocations append without bumping the list; the writer seals them; a scanner syncs by delta over HTTP', async () => {
      const rootJwk = (await t.app.inject({ url: '/v1/trust-list/root-key' })).json().publicJwk as JsonWebKey;
      const root = (await revocationRoot(rootJwk))!;
      const t0 = t.clock.now;
      const signer = await signerFor(t.store.db, 'pc-covid', 'personal', t0);
      const qrs = await Promise.all(QIDS.map((q) => signedSample(signer, seconds(t0), q)));
      const replica = new RevocationReplica();
      const sync = async (doc: TrustListDocument) => {
        const plan = replica.plan(doc.revocationLog!);
        if ('errors' in plan) throw new Error(plan.errors[0]!.message);
        for (const { partition, since } of plan.sync) {
          const res = await t.app.inject({ url: `/v1/trust-list/revocations/${partition}?since=${since}` });
          expect(res.statusCode).toBe(200);
          const r = await replica.apply(
            partition,
            res.json().batches,
            root,
            doc.revocationLog!.heads[partition],
          );
          if ('errors' in r) throw new Error(r.errors[0]!.message);
        }
      };
      const state = (doc: TrustListDocument, qr: string) =>
        verifySigned(
          qr,
          'personal',
          TrustStore.fromSources([sourceFromTrustList(doc), replica.asSource()]),
          t0,
        ).then((r) => (r.info.state === 'valid' ? 'valid' : r.errors.map((e) => e.code).join()));

      // "Yesterday": QID 0 revoked and published.
      await addRevocation(t.store.db, { qid: QIDS[0]!, before: seconds(t0) + 1 }, t0);
      expect(await sealRevocationBatches(t.store.db, t0)).toBe(1);
      let doc = await fetchList(rootJwk);
      expect(doc.revocations).toBeUndefined();
      expect(doc.revocationLog!.url).toBe('/v1/trust-list/revocations');
      expect(doc.revocationLog!.heads[partitionOf(QIDS[0]!)]!.sequence).toBe(1);
      await sync(doc);
      expect(await Promise.all(qrs.map((q) => state(doc, q)))).toEqual([
        'CREDENTIAL_REVOKED',
        'valid',
        'valid',
      ]);

      // "Today": QID 1 revoked; appending leaves the list's sequence alone, sealing bumps it.
      const before = await sequence();
      await addRevocation(t.store.db, { qid: QIDS[1]!, before: seconds(t0) + 1 }, t0);
      expect(await sequence()).toBe(before);
      expect(await sealRevocationBatches(t.store.db, t0)).toBe(1);
      expect(await sealRevocationBatches(t.store.db, t0)).toBe(0);
      doc = await fetchList(rootJwk);
      await sync(doc);
      expect(await Promise.all(qrs.map((q) => state(doc, q)))).toEqual([
        'CREDENTIAL_REVOKED',
        'CREDENTIAL_REVOKED',
        'valid',
      ]);
      expect(replica.size).toBe(2);

      // A fresh scanner: one snapshot per partition (taken at the first sync's head for P0:
      // within the rebuild bound it is served again), then the delta after it.
      const inject: Parameters<typeof httpRevocationLog>[1] = async (url) => {
        const r = await t.app.inject({ url });
        return { ok: r.statusCode < 300, status: r.statusCode, json: async () => r.json() as unknown };
      };
      const fresh = new RevocationReplica();
      const synced = await syncRevocationReplica(
        fresh,
        doc.revocationLog!,
        root,
        httpRevocationLog('/v1/trust-list/revocations', inject),
      );
      if (!('steps' in synced)) throw new Error(synced.errors[0]!.message);
      expect(synced.steps.every((s) => s.snapshot)).toBe(true);
      expect(fresh.toJSON().heads).toEqual(replica.toJSON().heads);
      expect(new Map(fresh.toJSON().cutoffs)).toEqual(new Map(replica.toJSON().cutoffs));
    });

    it('a snapshot names the head it covers and is rebuilt only past the bound', async () => {
      const p = partitionOf(QIDS[0]!);
      const snap = async () =>
        (await t.app.inject({ url: `/v1/trust-list/revocations/${p}/snapshot` })).json() as {
          partition: number;
          sequence: number;
          snapshot: string;
        };
      expect(await snap()).toMatchObject({ partition: p, sequence: 0 });
      await addRevocation(t.store.db, { qid: QIDS[0]!, before: 1000 }, t.clock.now);
      await sealRevocationBatches(t.store.db, t.clock.now);
      // Within the bound the same snapshot is served; the delta from 0 covers the new batch.
      const first = await snap();
      expect(first.sequence).toBe(0);
      for (let i = 0; i < SNAPSHOT_REBUILD_AFTER; i++) {
        await addRevocation(t.store.db, { qid: QIDS[0]!, before: 1001 + i }, t.clock.now);
        await sealRevocationBatches(t.store.db, t.clock.now);
      }
      const rebuilt = await snap();
      expect(rebuilt.sequence).toBe(SNAPSHOT_REBUILD_AFTER + 1);
      const rootJwk = (await t.app.inject({ url: '/v1/trust-list/root-key' })).json().publicJwk as JsonWebKey;
      const checked = await verifyRevocationSnapshot(rebuilt.snapshot, (await revocationRoot(rootJwk))!);
      if (!('snapshot' in checked)) throw new Error(checked.errors[0]!.message);
      const payload = checked.snapshot;
      expect(payload.entries).toEqual([[QIDS[0], 1000 + SNAPSHOT_REBUILD_AFTER]]);
      const doc = await fetchList(rootJwk);
      expect(payload.hash).toBe(doc.revocationLog!.heads[p]!.hash);
    }, 120_000);

    it('refuses a partition or sequence out of range', async () => {
      for (const url of [
        '/v1/trust-list/revocations/16',
        '/v1/trust-list/revocations/x',
        '/v1/trust-list/revocations/0?since=-1',
      ]) {
        expect((await t.app.inject({ url })).statusCode, url).toBe(400);
      }
      expect((await t.app.inject({ url: '/v1/trust-list/revocations/0' })).json()).toEqual({
        partition: 0,
        batches: [],
      });
    });
  });
}
