import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { verifySigned } from '@oneqr/qr';
import {
  addRevocation,
  createIssuer,
  currentTrustStore,
  revokeKey,
  rotateIssuerKey,
  signerFor,
} from '../../src/issuers/service.ts';
import { HttpError } from '../../src/errors.ts';
import { days, seconds, signedSample } from './sign-helper.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: issuer keys, rotation and revocation`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      await createIssuer(
        t.store.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
        t.clock.now,
      );
    });
    afterEach(async () => t.close());

    const verifyAt = async (text: string, at: Date) =>
      verifySigned(text, 'personal', await currentTrustStore(t.store.db, at), at);

    it('signs with the new key after rotation; old QRs keep verifying during the overlap and after it', async () => {
      const t0 = t.clock.now;
      const old = await signerFor(t.store.db, 'pc-covid', 'personal', t0);
      const oldQr = await signedSample(old, seconds(t0));
      expect((await verifyAt(oldQr, t0)).info.state).toBe('valid');

      const t1 = new Date(t0.getTime() + days(100));
      const { key } = await rotateIssuerKey(t.store.db, 'pc-covid', t1, { overlapDays: 30 });
      const current = await signerFor(t.store.db, 'pc-covid', 'personal', t1);
      expect(current.kid).toBe(key.kid);
      expect(current.kid).not.toBe(old.kid);

      // During the overlap an app still holding the old key produces valid QRs.
      const inOverlap = new Date(t1.getTime() + days(10));
      const lateOld = await signedSample(old, seconds(inOverlap));
      expect((await verifyAt(lateOld, inOverlap)).info.state).toBe('valid');
      // Already-issued QRs stay valid after the overlap: notAfter bounds signing, not scanning.
      const farLater = new Date(t1.getTime() + days(400));
      expect((await verifyAt(oldQr, farLater)).info.state).toBe('valid');
      expect((await verifyAt(lateOld, farLater)).info.state).toBe('valid');
      // A QR the old key signs after its period is refused.
      const afterOverlap = new Date(t1.getTime() + days(31));
      const tooLate = await verifyAt(await signedSample(old, seconds(afterOverlap)), afterOverlap);
      expect(tooLate.info.state).toBe('invalid');
      expect(tooLate.errors.map((e) => e.code)).toEqual(['KEY_REVOKED']);
      // The new key's QRs verify.
      expect((await verifyAt(await signedSample(current, seconds(t1)), t1)).info.state).toBe('valid');
    });

    it('a revoked key fails every QR it signed, whenever signed', async () => {
      const t0 = t.clock.now;
      const signer = await signerFor(t.store.db, 'pc-covid', 'personal', t0);
      const qr = await signedSample(signer, seconds(t0));
      expect((await verifyAt(qr, t0)).info.state).toBe('valid');
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/admin/keys/${signer.kid}/revoke`,
        headers: bearer(admin.token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ kid: signer.kid, status: 'revoked', revokedAt: t0.toISOString() });
      const r = await verifyAt(qr, t0);
      expect(r.info.state).toBe('invalid');
      expect(r.errors.map((e) => e.code)).toEqual(['KEY_REVOKED']);
      // The issuer has no other key: signing is refused until a rotation.
      await expect(signerFor(t.store.db, 'pc-covid', 'personal', t0)).rejects.toMatchObject({
        code: 'ISSUERS_NO_ACTIVE_KEY',
      });
      const again = await t.app.inject({
        method: 'POST',
        url: `/v1/admin/keys/${signer.kid}/revoke`,
        headers: bearer(admin.token),
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ISSUERS_KEY_ALREADY_REVOKED');
      const missing = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/keys/AAAAAAAA/revoke',
        headers: bearer(admin.token),
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('ISSUERS_KEY_NOT_FOUND');
    });

    it('revokes a QID below a cut-off; the cut-off never goes down', async () => {
      const t0 = t.clock.now;
      const signer = await signerFor(t.store.db, 'pc-covid', 'personal', t0);
      const oldQr = await signedSample(signer, seconds(t0));
      const newQr = await signedSample(signer, seconds(t0) + 5);
      await addRevocation(t.store.db, { qid: '162979388586171100', before: seconds(t0) + 5 }, t0);
      await addRevocation(t.store.db, { qid: '162979388586171100', before: seconds(t0) + 1 }, t0);
      const at = new Date(t0.getTime() + 10_000);
      const r = await verifyAt(oldQr, at);
      expect(r.errors.map((e) => e.code)).toEqual(['CREDENTIAL_REVOKED']);
      expect((await verifyAt(newQr, at)).info.state).toBe('valid');
    });

    it('refuses to sign a kind the issuer has no right to', async () => {
      await createIssuer(t.store.db, { id: 'venue-only', name: 'Venue app', rights: ['venue'] }, t.clock.now);
      const err = await signerFor(t.store.db, 'venue-only', 'personal', t.clock.now).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ code: 'ISSUERS_RIGHT_MISSING', statusCode: 403 });
      await expect(signerFor(t.store.db, 'nobody', 'personal', t.clock.now)).rejects.toMatchObject({
        code: 'ISSUERS_NOT_FOUND',
      });
    });

    it('revokeKey and rotation write nothing when they fail', async () => {
      await expect(revokeKey(t.store.db, 'AAAAAAAA', t.clock.now)).rejects.toMatchObject({
        code: 'ISSUERS_KEY_NOT_FOUND',
      });
      const before = await t.store.db
        .selectFrom('issuer_keys')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      await expect(rotateIssuerKey(t.store.db, 'nobody', t.clock.now)).rejects.toMatchObject({
        code: 'ISSUERS_NOT_FOUND',
      });
      const after = await t.store.db
        .selectFrom('issuer_keys')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });

  describe(`${dialect}: issuer admin routes`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
    });
    afterEach(async () => t.close());

    it('registers an app, lists it, rotates its key; never shows a private key', async () => {
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/issuers',
        headers: bearer(admin.token),
        payload: { id: 'health-book', name: 'Sổ sức khỏe điện tử', rights: ['personal', 'vaccine'] },
      });
      expect(created.statusCode).toBe(201);
      const issuer = created.json();
      expect(issuer).toMatchObject({ id: 'health-book', rights: ['personal', 'vaccine'], status: 'active' });
      expect(issuer.keys).toHaveLength(1);
      expect(issuer.keys[0]).toMatchObject({
        status: 'active',
        notAfter: null,
        notBefore: t.clock.now.toISOString(),
      });
      expect(created.body).not.toMatch(/"d"/);

      const dup = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/issuers',
        headers: bearer(admin.token),
        payload: { id: 'health-book', name: 'Again', rights: ['personal'] },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('ISSUERS_ALREADY_EXISTS');

      const rotated = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/issuers/health-book/keys',
        headers: bearer(admin.token),
        payload: { overlapDays: 7 },
      });
      expect(rotated.statusCode).toBe(201);
      const { key, issuer: after } = rotated.json();
      expect(after.keys).toHaveLength(2);
      const old = after.keys.find((k: { kid: string }) => k.kid !== key.kid);
      expect(old.notAfter).toBe(new Date(t.clock.now.getTime() + 7 * 86_400_000).toISOString());

      const list = await t.app.inject({
        method: 'GET',
        url: '/v1/admin/issuers',
        headers: bearer(admin.token),
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().issuers.map((i: { id: string }) => i.id)).toEqual(['health-book']);
      expect(list.body).not.toMatch(/"d"/);

      const unknown = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/issuers/nobody/keys',
        headers: bearer(admin.token),
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('validates the body: bad id, unknown right, empty rights, unknown field', async () => {
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      for (const payload of [
        { id: '-bad', name: 'X', rights: ['personal'] },
        { id: 'ok', name: 'X', rights: ['passport'] },
        { id: 'ok', name: 'X', rights: [] },
        { id: 'ok', name: 'X', rights: ['personal'], extra: 1 },
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/admin/issuers',
          headers: bearer(admin.token),
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
      const count = await t.store.db
        .selectFrom('issuers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('admits only admins: 401 without a token, 403 for an app', async () => {
      const none = await t.app.inject({ method: 'GET', url: '/v1/admin/issuers' });
      expect(none.statusCode).toBe(401);
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      const app = await t.login({ role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' });
      const forbidden = await t.app.inject({
        method: 'GET',
        url: '/v1/admin/issuers',
        headers: bearer(app.token),
      });
      expect(forbidden.statusCode).toBe(403);
    });
  });
}
