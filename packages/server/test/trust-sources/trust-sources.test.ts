/**
 * Foreign trust sources on the server, both engines: an admin imports an SHC key set, its
 * revocation list and an EU DSC list; /v1/scan then verifies shc:/ and HC1 against them instead
 * of answering `untrusted`. Attack tests first: another role's token, malformed, ambiguous,
 * forged, private-key and oversized files are refused and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenId } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { ROLES } from '../../src/access/roles.ts';
import { createPerson } from '../../src/registry/service.ts';
import { recordVaccination } from '../../src/health/service.ts';
import { makeShcIssuer, type MadeShcIssuer } from '../../../../test-support/shc-issuer.ts';
import { optionalShared } from '../../../../test-support/shared-data.ts';
import fs from 'node:fs';
import path from 'node:path';

const shcRoot = optionalShared('testdata/shc', 'server import of the SMART Health Cards example issuer');

const ISS = 'https://issuer.example.org/shc';
const URL_ = '/v1/admin/trust-sources';
const PERSON = makeCitizenId('001', 1990, 'female', '345679');

for (const dialect of DIALECTS) {
  describe(`${dialect}: trust sources`, () => {
    let t: TestApp;
    let admin: string;
    let officer: string;
    let issuer: MadeShcIssuer;
    const post = (token: string, content: string, name = 'file.json') =>
      t.app.inject({ method: 'POST', url: URL_, headers: bearer(token), payload: { name, content } });
    /** The certificate state a checkpoint officer is shown, or the refusal's code and reason. */
    const scanState = async (text: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/scan',
        headers: bearer(officer),
        payload: { text },
      });
      if (res.statusCode === 422) {
        const body = res.json() as { code: string; details: { reason: string } };
        return `${body.code} ${body.details.reason}`;
      }
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { certificate: { state: string } }).certificate.state;
    };
    const stored = async () =>
      ((await t.app.inject({ url: URL_, headers: bearer(admin) })).json() as { sources: unknown[] }).sources;

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      admin = (await t.login({ role: 'admin', name: 'trust admin' })).token;
      officer = (await t.login({ role: 'checkpoint-officer', name: 'border 1' })).token;
      issuer = await makeShcIssuer();
    });
    afterAll(async () => t?.close());

    it('refuses every role but admin, and anonymous callers', async () => {
      const jwks = JSON.stringify({ keys: [issuer.jwk] });
      for (const role of ROLES.filter((r) => r !== 'admin')) {
        const extra = role === 'citizen' ? { personId: PERSON } : role === 'app' ? { issuerId: 'x' } : {};
        const token = (await t.login({ role, name: `not admin ${role}`, ...extra }).catch(() => null))?.token;
        if (!token) continue; // a role that needs fixtures this suite does not make
        const res = await post(token, jwks);
        expect([role, res.statusCode, (res.json() as { code: string }).code]).toEqual([
          role,
          403,
          'ACCESS_ROLE_FORBIDDEN',
        ]);
        expect((await t.app.inject({ url: URL_, headers: bearer(token) })).statusCode).toBe(403);
      }
      const anon = await t.app.inject({ method: 'POST', url: URL_, payload: { name: 'x', content: jwks } });
      expect(anon.statusCode).toBe(401);
      expect(await stored()).toEqual([]);
    });

    it('refuses malformed, ambiguous, forged, private, unsupported and oversized files; stores nothing', async () => {
      const key = issuer.jwk;
      const cases: [string, number, string, string?][] = [
        ['hello', 400, 'TRUST_SOURCE_UNREADABLE'],
        ['{"keys": [], "rids": []}', 400, 'TRUST_SOURCE_AMBIGUOUS'],
        [
          JSON.stringify({ keys: [{ ...key, x: key.y, y: key.x }] }),
          400,
          'TRUST_SOURCE_INVALID',
          'TRUST_SOURCE_KID_MISMATCH',
        ],
        [
          JSON.stringify({ keys: [{ ...key, kid: 'forged' }] }),
          400,
          'TRUST_SOURCE_INVALID',
          'TRUST_SOURCE_KID_MISMATCH',
        ],
        [
          JSON.stringify({ keys: [{ ...key, d: key.x }] }),
          400,
          'TRUST_SOURCE_INVALID',
          'TRUST_SOURCE_PRIVATE_KEY',
        ],
        [
          JSON.stringify([{ kid: 'AAAAAAAAAAA=', country: 'VN', certificateType: 'DSC', rawData: 'MIIB' }]),
          400,
          'TRUST_SOURCE_INVALID',
          'TRUST_SOURCE_KID_MISMATCH',
        ],
        ['[{"kid": 1}]', 400, 'TRUST_SOURCE_INVALID', 'TRUST_SOURCE_FIELD'],
        // A key set bound to no issuer would vouch for cards naming any issuer.
        [JSON.stringify({ keys: [key] }), 400, 'TRUST_SOURCE_INVALID', 'TRUST_SOURCE_FIELD'],
        ['eyJhbGciOiJFUzI1NiJ9.eyJ9.AAAA', 400, 'TRUST_SOURCE_UNSUPPORTED'],
        [JSON.stringify({ kid: key.kid, method: 'rid', ctr: 1, rids: [] }), 400, 'TRUST_SOURCE_CRL_ORPHAN'],
        ['{"keys": []}\u0000', 400, 'REQUEST_TEXT_INVALID'],
        ['', 400, 'REQUEST_INVALID'],
      ];
      for (const [content, status, code, detail] of cases) {
        const res = await post(admin, content);
        const body = res.json() as { code: string; details?: { code?: string } };
        expect([content.slice(0, 30), res.statusCode, body.code]).toEqual([
          content.slice(0, 30),
          status,
          code,
        ]);
        if (detail) expect(body.details?.code).toBe(detail);
      }
      // Over the route's body limit: refused before parsing.
      const huge = await post(admin, ' '.repeat(9 * 1024 * 1024));
      expect([huge.statusCode, (huge.json() as { code: string }).code]).toEqual([413, 'REQUEST_TOO_LARGE']);
      expect(await stored()).toEqual([]);
      // Each refused import is audited under the admin, with its reason.
      const refused = await t.store.db
        .selectFrom('audit_log')
        .select(['purpose', 'outcome', 'actor_name'])
        .where('purpose', 'like', 'trust source import refused:%')
        .execute();
      expect(
        refused.some((r) => r.purpose.includes('TRUST_SOURCE_INVALID (TRUST_SOURCE_KID_MISMATCH)')),
      ).toBe(true);
      expect(refused.every((r) => r.outcome === 'refused' && r.actor_name === 'trust admin')).toBe(true);
      expect(refused).toHaveLength(10);
    });

    it('after an SHC key set and its revocation list are imported, shc:/ scans verify (and revoke)', async () => {
      const good = await issuer.card(ISS, 'good1');
      const gone = await issuer.card(ISS, 'gone1');
      expect(await scanState(good)).toBe('untrusted');

      const jwks = JSON.stringify({ iss: ISS, keys: [{ ...issuer.jwk, crlVersion: 1 }] });
      const first = await post(admin, jwks, 'jwks.json');
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({
        created: true,
        source: { kind: 'shc-jwks', name: 'jwks.json', entries: 1 },
      });
      expect((await post(admin, jwks, 'again.json')).statusCode).toBe(200); // same content, same source
      expect(await scanState(good)).toBe('valid');

      const crl = JSON.stringify({ kid: issuer.kid, method: 'rid', ctr: 1, rids: ['gone1'] });
      expect((await post(admin, crl, 'crl.json')).statusCode).toBe(201);
      expect([await scanState(good), await scanState(gone)]).toEqual([
        'valid',
        'SCAN_SIGNATURE_INVALID SHC_REVOKED',
      ]);
      // A card from an issuer nobody imported stays untrusted.
      expect(await scanState(await (await makeShcIssuer()).card(ISS, 'x'))).toBe('untrusted');
      // The imported key signing a card that names another issuer: untrusted, not that issuer's.
      expect(await scanState(await issuer.card('https://other.example.vn/shc', 'x'))).toBe('untrusted');

      const audit = await t.store.db
        .selectFrom('audit_log')
        .select(['purpose', 'actor_name', 'route'])
        .where('purpose', 'like', 'trust source import: %')
        .execute();
      expect(audit).toHaveLength(3);
      expect(audit.every((a) => a.actor_name === 'trust admin' && a.route === URL_)).toBe(true);
      expect(await stored()).toHaveLength(2);
    });

    it.skipIf(!shcRoot)(
      'the SMART example issuer imported: examples 00 and 01 scan valid, 03 is refused as revoked',
      async () => {
        const file = (rel: string) => fs.readFileSync(path.join(shcRoot!, rel), 'utf8');
        const crl = 'issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json';
        // A published jwks.json names no issuer: the import binds it to the one it is served under.
        const jwks = {
          iss: 'https://spec.smarthealth.cards/examples/issuer',
          ...(JSON.parse(file('issuer/.well-known/jwks.json')) as object),
        };
        expect((await post(admin, JSON.stringify(jwks), 'jwks.json')).statusCode).toBe(201);
        expect((await post(admin, file(crl), 'crl.json')).statusCode).toBe(201);
        const example = (n: string) => file(`example-${n}-f-qr-code-numeric-value-0.txt`).trim();
        // Example 03 expires before the suite's clock: scan within the examples' validity.
        const before = t.clock.now;
        t.clock.now = new Date('2024-01-01T00:00:00Z');
        try {
          expect([await scanState(example('00')), await scanState(example('01'))]).toEqual([
            'valid',
            'valid',
          ]);
          expect(await scanState(example('03'))).toBe('SCAN_SIGNATURE_INVALID SHC_REVOKED');
        } finally {
          t.clock.now = before;
        }
      },
    );

    it("after another server's EU DSC list is imported, the DCC it issued scans valid", async () => {
      // This server trusts its own DSCs without an import: the foreign one is another server's.
      const other = await buildTestApp('sqlite');
      try {
        await createPerson(
          other.store.db,
          { idNumber: PERSON, fullName: 'Nguyễn An', birthDate: '1990-05-17', gender: 'female' },
          other.clock.now,
        );
        await recordVaccination(
          other.store.db,
          { personId: PERSON, vaccineCode: 'EU/1/20/1525', doseNumber: 1, administeredOn: '2021-09-01' },
          other.clock.now,
        );
        const citizen = (await other.login({ role: 'citizen', name: 'c', personId: PERSON })).token;
        const issued = await other.app.inject({
          method: 'POST',
          url: '/v1/me/passport',
          headers: bearer(citizen),
        });
        const { hc1 } = issued.json() as { hc1: string };
        expect(await scanState(hc1)).toBe('untrusted');
        const list = (await other.app.inject({ url: '/v1/trust-list/dsc' })).body;
        const res = await post(admin, list, 'dsc-list.json');
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json()).toMatchObject({ source: { kind: 'eu-dsc-list' } });
        expect(await scanState(hc1)).toBe('valid');
      } finally {
        await other.close();
      }
    });
  });
}
