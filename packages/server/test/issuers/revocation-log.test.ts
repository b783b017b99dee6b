import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, type TestApp } from '../platform/build.ts';
import {
  RevocationReplica,
  TrustStore,
  partitionOf,
  revocationRoot,
  sourceFromTrustList,
  verifySigned,
  verifyTrustList,
  type TrustListDocument,
} from '@oneqr/qr';
import { addRevocation, createIssuer, sealRevocationBatches, signerFor } from '../../src/issuers/service.ts';
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
    });

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
