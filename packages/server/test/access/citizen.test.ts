/**
 * Citizen sign-in by phone and one-time code, linking to the registry, and the citizen's own
 * routes — with the attacks on them: guessing codes (one by one and in parallel), replaying a
 * used code, reading or linking another citizen's record, and using a token of the wrong kind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { read } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { createIssuer, currentTrustStore } from '../../src/issuers/service.ts';
import { listAccessLog, type OtpMessage } from '../../src/access/service.ts';

const HAN = {
  idNumber: '001087029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1987-01-18',
  gender: 'male',
  phone: '0944713700',
} as const;
const LAN = {
  idNumber: '079199012345',
  fullName: 'Trần Thị Lan',
  birthDate: '1999-03-04',
  gender: 'female',
} as const;

for (const dialect of DIALECTS) {
  describe(`${dialect}: citizen sign-in (phone + one-time code)`, () => {
    let t: TestApp;
    let sent: OtpMessage[];
    let failSend = false;
    beforeEach(async () => {
      sent = [];
      failSend = false;
      t = await buildTestApp(
        dialect,
        { otpRateLimitPerMinute: 0 },
        {
          otpSender: {
            async send(m) {
              if (failSend) throw new Error('gateway down');
              sent.push(m);
            },
          },
        },
      );
      await createIssuer(
        t.store.db,
        { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
        t.clock.now,
      );
      await createIssuer(t.store.db, { id: 'venue-app', name: 'Venue app', rights: ['venue'] }, t.clock.now);
      await createPerson(t.store.db, HAN, t.clock.now);
      await createPerson(t.store.db, LAN, t.clock.now);
    });
    afterEach(async () => t.close());

    const post = (url: string, payload: unknown, token?: string) =>
      t.app.inject({ method: 'POST', url, payload: payload as object, headers: token ? bearer(token) : {} });
    const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
    const later = (seconds: number) => {
      t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000);
    };

    async function challenge(phone: string): Promise<{ challengeId: string; code: string }> {
      const res = await post('/v1/citizen/otp', { phone, app: 'pc-covid' });
      expect(res.statusCode, res.body).toBe(202);
      const code = sent.at(-1)?.code;
      if (code === undefined) throw new Error('no code sent');
      return { challengeId: (res.json() as { challengeId: string }).challengeId, code };
    }
    async function signIn(phone: string): Promise<string> {
      const { challengeId, code } = await challenge(phone);
      const res = await post('/v1/citizen/session', { challengeId, code });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { access_token: string }).access_token;
    }
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    it('signs in, links to the registry record, shows My QR (valid, under the app) and the colour card, then signs out', async () => {
      const { challengeId, code } = await challenge('+84 944 713 700');
      expect(sent[0]).toMatchObject({ phone: '0944713700', issuerId: 'pc-covid' });
      expect(code).toMatch(/^\d{6}$/);
      // Only a salted hash of the code is stored.
      const row = await t.store.db.selectFrom('citizen_otps').selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(code);

      const s = await post('/v1/citizen/session', { challengeId, code });
      expect(s.statusCode, s.body).toBe(200);
      expect(s.json()).toMatchObject({ token_type: 'Bearer', linked: false, expires_in: 7 * 86_400 });
      const token = (s.json() as { access_token: string }).access_token;

      expect((await get('/v1/me', token)).json()).toEqual({
        account: { phone: '094****700', app: 'pc-covid' },
        person: null,
      });
      for (const url of ['/v1/me/health-card', '/v1/me/access-log']) {
        const r = await get(url, token);
        expect(r.statusCode, url).toBe(409);
        expect(r.json().code).toBe('ACCESS_PERSON_NOT_LINKED');
      }
      expect((await post('/v1/me/personal-qr', {}, token)).json().code).toBe('ACCESS_PERSON_NOT_LINKED');

      const link = await post(
        '/v1/citizen/link',
        { idNumber: HAN.idNumber, fullName: 'nguyen le kha han', birthDate: HAN.birthDate },
        token,
      );
      expect(link.statusCode, link.body).toBe(200);
      expect(link.json().person).toMatchObject({ idNumber: HAN.idNumber, fullName: HAN.fullName });

      const qr = await post('/v1/me/personal-qr', {}, token);
      expect(qr.statusCode, qr.body).toBe(200);
      const body = qr.json() as { payload: string; issuer: { id: string; name: string } };
      expect(body.issuer).toEqual({ id: 'pc-covid', name: 'PC-Covid' });
      const r = await read(body.payload, {
        trust: await currentTrustStore(t.store.db, t.clock.now),
        at: t.clock.now,
      });
      expect(r.kind).toBe('personal-1405');
      expect(r.errors).toEqual([]);
      expect(r.signature).toMatchObject({ state: 'valid', issuer: { id: 'pc-covid' } });
      expect(r.fields).toMatchObject({ documentNumber: HAN.idNumber, fullName: 'NGUYEN LE KHA HAN' });

      const card = await get('/v1/me/health-card', token);
      expect(card.statusCode, card.body).toBe(200);
      expect(card.json()).toMatchObject({
        colour: expect.stringMatching(/^(green|yellow|red|default-green)$/),
        rule: { id: expect.any(String), clause: expect.any(String), name: expect.any(String) },
        basis: { doses: 0, lastDoseOn: null, lastTest: null },
      });

      const log = await get('/v1/me/access-log', token);
      expect(log.statusCode).toBe(200);
      const purposes = (log.json() as { entries: { purpose: string }[] }).entries.map((e) => e.purpose);
      expect(purposes).toEqual(
        expect.arrayContaining([
          'link citizen account',
          'issue-personal-qr',
          'own colour card (citizen app)',
        ]),
      );

      expect((await post('/v1/citizen/sign-out', undefined, token)).statusCode).toBe(204);
      expect((await get('/v1/me', token)).statusCode).toBe(401);
    });

    it('attack: guessing the code — five wrong answers burn the challenge, the right code is then refused', async () => {
      const { challengeId, code } = await challenge('0944713700');
      for (let i = 0; i < 5; i++) {
        const r = await post('/v1/citizen/session', { challengeId, code: wrong(code) });
        expect(r.statusCode).toBe(401);
        expect(r.json()).toMatchObject({ code: 'ACCESS_OTP_INVALID', details: { attemptsLeft: 4 - i } });
      }
      const r = await post('/v1/citizen/session', { challengeId, code });
      expect(r.json()).toMatchObject({ code: 'ACCESS_OTP_INVALID', details: { attemptsLeft: 0 } });
    });

    it('attack: 40 parallel guesses take at most five attempts, and the right code is refused after them', async () => {
      const { challengeId, code } = await challenge('0944713700');
      const guesses = Array.from({ length: 40 }, (_, i) =>
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
      );
      const answers = await Promise.all(
        guesses.map((g) => post('/v1/citizen/session', { challengeId, code: g })),
      );
      expect(answers.every((a) => a.statusCode === 401)).toBe(true);
      const row = await t.store.db
        .selectFrom('citizen_otps')
        .select('attempts')
        .where('id', '=', challengeId)
        .executeTakeFirstOrThrow();
      expect(Number(row.attempts)).toBe(5);
      expect((await post('/v1/citizen/session', { challengeId, code })).statusCode).toBe(401);
    });

    it('attack: a used code cannot be replayed, even in parallel; an expired one is refused', async () => {
      const { challengeId, code } = await challenge('0944713700');
      const both = await Promise.all([1, 2, 3].map(() => post('/v1/citizen/session', { challengeId, code })));
      expect(both.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
      later(61);
      const second = await challenge('0944713700');
      later(301);
      expect((await post('/v1/citizen/session', second)).json().code).toBe('ACCESS_OTP_INVALID');
    });

    it('limits codes per phone (resend wait, hourly cap) and refuses a bad phone, an unknown app and a failed send', async () => {
      await challenge('0944713700');
      const soon = await post('/v1/citizen/otp', { phone: '0944713700', app: 'pc-covid' });
      expect(soon.statusCode).toBe(429);
      expect(soon.json()).toMatchObject({ code: 'ACCESS_OTP_TOO_SOON', details: { retryAfter: 60 } });
      for (let i = 0; i < 4; i++) {
        later(61);
        await challenge('0944713700');
      }
      later(61);
      expect((await post('/v1/citizen/otp', { phone: '0944713700', app: 'pc-covid' })).json().code).toBe(
        'ACCESS_OTP_LIMIT',
      );
      expect((await post('/v1/citizen/otp', { phone: '12345', app: 'pc-covid' })).json()).toMatchObject({
        code: 'ACCESS_PHONE_INVALID',
        details: { field: 'phone' },
      });
      // venue-app may not issue personal QR codes: no sign-in through it.
      expect((await post('/v1/citizen/otp', { phone: '0912345678', app: 'venue-app' })).json().code).toBe(
        'ACCESS_APP_UNKNOWN',
      );
      failSend = true;
      const down = await post('/v1/citizen/otp', { phone: '0912345678', app: 'pc-covid' });
      expect(down.statusCode).toBe(503);
      expect(down.json().code).toBe('ACCESS_OTP_UNDELIVERED');
    });

    it('attack: another citizen cannot link a person whose registry phone is not theirs, nor one already linked; the victim sees the attempts', async () => {
      const han = await signIn('0944713700');
      const mallory = await signIn('0988000111');
      const claim = { idNumber: HAN.idNumber, fullName: HAN.fullName, birthDate: HAN.birthDate };
      // Right id, name and birth date, wrong phone: not confirmed (no field named).
      const r = await post('/v1/citizen/link', claim, mallory);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toEqual({
        code: 'ACCESS_IDENTITY_NOT_CONFIRMED',
        message: expect.any(String),
      });
      expect((await post('/v1/citizen/link', claim, han)).statusCode).toBe(200);
      // LAN has no phone in the registry: a second account may not take her once she is linked.
      const lanClaim = { idNumber: LAN.idNumber, fullName: LAN.fullName, birthDate: LAN.birthDate };
      const lan = await signIn('0977000222');
      expect((await post('/v1/citizen/link', lanClaim, lan)).statusCode).toBe(200);
      expect((await post('/v1/citizen/link', lanClaim, mallory)).json().code).toBe(
        'ACCESS_IDENTITY_NOT_CONFIRMED',
      );
      // The victim's log shows the refused attempt; Mallory reads nothing of anyone.
      const hanLog = await listAccessLog(t.store.db, HAN.idNumber);
      expect(
        hanLog.some((e) => e.outcome === 'refused' && e.purpose.includes('ACCESS_IDENTITY_NOT_CONFIRMED')),
      ).toBe(true);
      expect((await get('/v1/me/access-log', mallory)).json().code).toBe('ACCESS_PERSON_NOT_LINKED');
      expect((await get('/v1/me', mallory)).json().person).toBeNull();
      // A linked account stays linked to its person; it cannot switch to another.
      expect((await post('/v1/citizen/link', lanClaim, han)).json().code).toBe('ACCESS_ALREADY_LINKED');
    });

    it('attack: guessing a birth date — five failed confirmations a day lock linking', async () => {
      const mallory = await signIn('0988000111');
      for (let d = 1; d <= 5; d++) {
        const r = await post(
          '/v1/citizen/link',
          { idNumber: LAN.idNumber, fullName: LAN.fullName, birthDate: `1999-03-1${d}` },
          mallory,
        );
        expect(r.json().code).toBe('ACCESS_IDENTITY_NOT_CONFIRMED');
      }
      const locked = await post(
        '/v1/citizen/link',
        { idNumber: LAN.idNumber, fullName: LAN.fullName, birthDate: LAN.birthDate },
        mallory,
      );
      expect(locked.statusCode).toBe(429);
      expect(locked.json().code).toBe('ACCESS_LINK_LOCKED');
      later(86_401);
      const after = await post(
        '/v1/citizen/link',
        { idNumber: LAN.idNumber, fullName: LAN.fullName, birthDate: LAN.birthDate },
        mallory,
      );
      expect(after.statusCode, after.body).toBe(200);
    });

    it('attack: tokens of the wrong kind — a session cannot scan or administer, a scanner cannot use citizen routes, a client citizen cannot link', async () => {
      const han = await signIn('0944713700');
      expect((await post('/v1/scan', { text: '001087029317' }, han)).statusCode).toBe(403);
      expect((await get('/v1/admin/clients', han)).statusCode).toBe(403);
      const scanner = (await t.login({ role: 'venue-staff', name: 'door', issuerId: 'pc-covid' })).token;
      for (const [m, url] of [
        ['GET', '/v1/me'],
        ['POST', '/v1/me/personal-qr'],
        ['GET', '/v1/me/health-card'],
        ['POST', '/v1/citizen/link'],
      ] as const) {
        const r = await t.app.inject({
          method: m,
          url,
          headers: bearer(scanner),
          payload: m === 'POST' ? {} : undefined,
        });
        expect(r.statusCode, url).toBe(403);
      }
      const clientCitizen = (await t.login({ role: 'citizen', name: 'kiosk', personId: LAN.idNumber })).token;
      const r = await post(
        '/v1/citizen/link',
        { idNumber: HAN.idNumber, fullName: HAN.fullName, birthDate: HAN.birthDate },
        clientCitizen,
      );
      expect(r.json().code).toBe('ACCESS_SESSION_REQUIRED');
      // Sign-out on the scanner revokes its token: a copy taken from the device is refused after.
      expect((await post('/v1/scan', { text: 'x' }, scanner)).statusCode).toBe(422);
      expect((await post('/v1/token/revoke', undefined, scanner)).statusCode).toBe(204);
      expect((await post('/v1/scan', { text: 'x' }, scanner)).statusCode).toBe(401);
      // A forged session token (right prefix, random body) is just invalid.
      expect((await get('/v1/me', 'cs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(401);
      // An expired session is refused.
      later(7 * 86_400 + 1);
      expect((await get('/v1/me', han)).statusCode).toBe(401);
    });
  });
}
