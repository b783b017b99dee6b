import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, type TestApp } from '../platform/build.ts';
import { kidOf, verifyTrustList } from '@oneqr/qr';
import {
  createIssuer,
  currentTrustStore,
  rotateIssuerKey,
  signedTrustList,
} from '../../src/issuers/service.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: trust list endpoints`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(
        t.store.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
        t.clock.now,
      );
      await createIssuer(t.store.db, { id: 'vneid', name: 'VNeID', rights: ['personal'] }, t.clock.now);
    });
    afterEach(async () => t.close());

    it('serves the root-signed list publicly, with cache headers, verifiable with the pinned root key', async () => {
      const rootRes = await t.app.inject({ method: 'GET', url: '/v1/trust-list/root-key' });
      expect(rootRes.statusCode).toBe(200);
      const root = rootRes.json() as { kid: string; publicJwk: JsonWebKey };
      expect(root.publicJwk).not.toHaveProperty('d');
      expect(root.kid).toBe(await kidOf(root.publicJwk));

      const res = await t.app.inject({ method: 'GET', url: '/v1/trust-list' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/jose/);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers.etag).toMatch(new RegExp(`^"${root.kid}-\\d+-[A-Za-z0-9_-]{16}"$`));
      expect(res.body).not.toMatch(/"d":/);

      const checked = await verifyTrustList(res.body, root.publicJwk, { at: t.clock.now });
      if (!('document' in checked)) throw new Error(JSON.stringify(checked.errors));
      expect(checked.warnings).toEqual([]);
      expect(checked.document.issuers.map((i) => [i.id, i.rights, i.keys.length])).toEqual([
        ['pc-covid', ['personal', 'venue'], 1],
        ['vneid', ['personal'], 1],
      ]);
      expect(checked.document.sequence).toBe(2);
    });

    it('answers 304 to a matching If-None-Match, and 200 with a new ETag and sequence after a change', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/v1/trust-list' });
      const etag = first.headers.etag as string;
      const again = await t.app.inject({
        method: 'GET',
        url: '/v1/trust-list',
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
      const weak = await t.app.inject({
        method: 'GET',
        url: '/v1/trust-list',
        headers: { 'if-none-match': `"x", W/${etag}` },
      });
      expect(weak.statusCode).toBe(304);

      await rotateIssuerKey(t.store.db, 'vneid', t.clock.now);
      const changed = await t.app.inject({
        method: 'GET',
        url: '/v1/trust-list',
        headers: { 'if-none-match': etag },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      const root = (await t.app.inject({ method: 'GET', url: '/v1/trust-list/root-key' })).json();
      const doc = await verifyTrustList(changed.body, root.publicJwk);
      expect('document' in doc && doc.document.sequence).toBe(3);
    });

    it('serves the same bytes while nothing changes, and re-signs after an hour with a later nextUpdate', async () => {
      const a = await signedTrustList(t.store.db, t.clock.now);
      const b = await signedTrustList(t.store.db, new Date(t.clock.now.getTime() + 60_000));
      expect(b).toEqual(a);
      const later = new Date(t.clock.now.getTime() + 2 * 3_600_000);
      const c = await signedTrustList(t.store.db, later);
      expect(c.etag).not.toBe(a.etag);
      const root = (await t.app.inject({ method: 'GET', url: '/v1/trust-list/root-key' })).json();
      const doc = await verifyTrustList(c.body, root.publicJwk, { at: later });
      expect('document' in doc && doc.document.issuedAt).toBe(later.toISOString());
    });

    it('keeps one root key for the store: the list verifies with the kid served before', async () => {
      const k1 = (await t.app.inject({ method: 'GET', url: '/v1/trust-list/root-key' })).json();
      const k2 = (await t.app.inject({ method: 'GET', url: '/v1/trust-list/root-key' })).json();
      expect(k2).toEqual(k1);
    });

    it('rebuilds the in-process TrustStore only when the list changed', async () => {
      const s1 = await currentTrustStore(t.store.db, t.clock.now);
      const s2 = await currentTrustStore(t.store.db, t.clock.now);
      expect(s2).toBe(s1);
      expect(s1.size).toBe(2);
      await rotateIssuerKey(t.store.db, 'pc-covid', t.clock.now);
      const s3 = await currentTrustStore(t.store.db, t.clock.now);
      expect(s3).not.toBe(s1);
      expect(s3.size).toBe(3);
    });
  });
}
