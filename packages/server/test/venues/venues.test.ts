/** Venues through the API: register, signed venue QR, poster, who manages what, suspend and close. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { read } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createIssuer, currentTrustStore } from '../../src/issuers/service.ts';
import { readVenueCode } from '../../src/venues/service.ts';

const PHO = {
  id: 'pho-duc-5',
  name: 'Quán Phở Đức, P.5',
  address: '12 Nguyễn Trãi, Phường 5, Quận 5',
  provinceCode: '79',
  districtCode: '774',
  communeCode: '26734',
  ownerName: 'Trần Văn Đức',
  ownerPhone: '0912345678',
  openingHours: { opens: '06:00', closes: '22:00' },
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: venues`, () => {
    let t: TestApp;
    let owner = '';
    let otherOwner = '';
    let officer = '';
    let ownerId = '';

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(
        t.store.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
        t.clock.now,
      );
      const o = await t.login({ role: 'venue-owner', name: 'Đức' });
      owner = o.token;
      ownerId = o.clientId;
      otherOwner = (await t.login({ role: 'venue-owner', name: 'other' })).token;
      officer = (await t.login({ role: 'provincial-officer', name: 'HCMC' })).token;
    });
    afterAll(async () => t?.close());

    const post = (token: string, url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, payload, headers: bearer(token) });
    const get = (token: string, url: string) => t.app.inject({ url, headers: bearer(token) });

    it('registers a venue whose QR verifies under the trust list and names it', async () => {
      const res = await post(owner, '/v1/venues', { ...PHO, staffClientIds: ['scanner-1'] });
      expect(res.statusCode, res.body).toBe(201);
      const v = res.json();
      expect(v).toMatchObject({
        id: PHO.id,
        status: 'active',
        ownerClientId: ownerId,
        staffClientIds: ['scanner-1'],
      });
      const trust = await currentTrustStore(t.store.db, t.clock.now);
      const r = await read(v.qrPayload, { trust, at: t.clock.now });
      expect(r.kind).toBe('venue');
      expect(r.signature.state).toBe('valid');
      expect(r.fields).toMatchObject({
        venueId: PHO.id,
        province: '79',
        commune: '26734',
        name: 'QUAN PHO DUC, P 5',
      });
      expect(await readVenueCode(t.store.db, v.qrPayload, t.clock.now)).toEqual({
        ok: true,
        venueId: PHO.id,
      });
    });

    it('refuses a second venue under the same id, and bad fields with the field named', async () => {
      expect((await post(owner, '/v1/venues', PHO)).json().code).toBe('VENUES_ALREADY_EXISTS');
      const bad = await post(owner, '/v1/venues', { ...PHO, id: undefined, provinceCode: '7' });
      expect(bad.statusCode).toBe(400);
      const long = await post(owner, '/v1/venues', { ...PHO, id: 'long', name: 'X'.repeat(70) });
      expect(long.json()).toMatchObject({
        code: 'VENUES_INVALID',
        details: { field: 'name', reason: 'VENUE_NAME_TOO_LONG' },
      });
    });

    it('an owner sees and manages only its own venues; officers all', async () => {
      const other = await post(otherOwner, '/v1/venues', { ...PHO, id: 'cafe-2', name: 'Cà phê 2' });
      expect(other.statusCode).toBe(201);
      expect((await get(owner, '/v1/venues')).json().venues.map((v: { id: string }) => v.id)).toEqual([
        PHO.id,
      ]);
      expect((await get(owner, '/v1/venues/cafe-2')).json().code).toBe('VENUES_FORBIDDEN');
      expect((await post(owner, '/v1/venues/cafe-2/status', { status: 'suspended' })).statusCode).toBe(403);
      const all = (await get(officer, '/v1/venues')).json().venues.map((v: { id: string }) => v.id);
      expect(all).toEqual(['cafe-2', PHO.id]);
      expect((await get(officer, '/v1/venues?limit=1')).json().next).toBe('cafe-2');
      expect((await get(owner, '/v1/venues/nope')).json().code).toBe('VENUES_NOT_FOUND');
    });

    it('serves an A4 poster with the QR at 150 mm, the name and both languages', async () => {
      const res = await get(owner, `/v1/venues/${PHO.id}/poster.svg`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('image/svg+xml');
      expect(res.body).toContain('width="210mm" height="297mm"');
      expect(res.body).toMatch(/<svg x="30" y="55" width="150" height="150"/);
      expect(res.body).toContain('Quán Phở Đức, P.5');
      expect(res.body).toContain('Quét mã');
      expect(res.body).toContain('Scan this code');
    });

    it('suspends and re-activates; closing is final and revokes the venue QR', async () => {
      const payload = (await get(officer, '/v1/venues/cafe-2')).json().qrPayload as string;
      expect((await post(officer, '/v1/venues/cafe-2/status', { status: 'suspended' })).json().status).toBe(
        'suspended',
      );
      expect((await post(otherOwner, '/v1/venues/cafe-2/status', { status: 'active' })).json().status).toBe(
        'active',
      );
      expect((await post(otherOwner, '/v1/venues/cafe-2/status', { status: 'closed' })).json().status).toBe(
        'closed',
      );
      expect((await post(officer, '/v1/venues/cafe-2/status', { status: 'active' })).json().code).toBe(
        'VENUES_CLOSED',
      );
      t.clock.now = new Date(t.clock.now.getTime() + 2000);
      const r = await readVenueCode(t.store.db, payload, t.clock.now);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toBe('CREDENTIAL_REVOKED');
    });
  });
}
