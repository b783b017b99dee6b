/**
 * The server trusts its own vaccine passports out of the box: a DCC it issued scans valid for
 * health and checkpoint officers without importing its DSC list, and one it revoked is refused
 * (SCAN_SIGNATURE_INVALID, reason DCC_REVOKED), on every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenId } from '@oneqr/qr';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { recordVaccination } from '../../src/health/service.ts';

const PERSON = makeCitizenId('001', 1991, 'female', '246810');

for (const dialect of DIALECTS) {
  describe(`${dialect}: /v1/scan trusts the server's own DCCs`, () => {
    let t: TestApp;
    let health: string;
    let checkpoint: string;
    let admin: string;
    let citizen: string;

    const scan = (token: string, text: string) =>
      t.app.inject({ method: 'POST', url: '/v1/scan', headers: bearer(token), payload: { text } });
    const issue = async () =>
      (await t.app.inject({ method: 'POST', url: '/v1/me/passport', headers: bearer(citizen) })).json() as {
        hc1: string;
        uvci: string;
      };

    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await createPerson(
        t.store.db,
        { idNumber: PERSON, fullName: 'Trần Thu Hà', birthDate: '1991-04-02', gender: 'female' },
        t.clock.now,
      );
      await recordVaccination(
        t.store.db,
        { personId: PERSON, vaccineCode: 'EU/1/20/1528', doseNumber: 1, administeredOn: '2021-07-01' },
        t.clock.now,
      );
      await recordVaccination(
        t.store.db,
        { personId: PERSON, vaccineCode: 'EU/1/20/1528', doseNumber: 2, administeredOn: '2021-08-01' },
        t.clock.now,
      );
      health = (await t.login({ role: 'health-officer', name: 'ho' })).token;
      checkpoint = (await t.login({ role: 'checkpoint-officer', name: 'cp' })).token;
      admin = (await t.login({ role: 'admin', name: 'admin' })).token;
      citizen = (await t.login({ role: 'citizen', name: 'c', personId: PERSON })).token;
    });
    afterAll(async () => t?.close());

    it('scans valid as health officer and checkpoint officer, no DSC list imported', async () => {
      const { hc1, uvci } = await issue();
      const asHealth = await scan(health, hc1);
      expect(asHealth.statusCode, asHealth.body).toBe(200);
      expect(asHealth.json()).toMatchObject({
        kind: 'dcc',
        identity: { fullName: 'Trần Thu Hà', birthDate: '1991-04-02', source: 'certificate' },
        certificate: { state: 'valid', fields: { certificateIds: [uvci] } },
      });
      const asCheckpoint = await scan(checkpoint, hc1);
      expect(asCheckpoint.statusCode, asCheckpoint.body).toBe(200);
      expect(asCheckpoint.json()).toMatchObject({ kind: 'dcc', certificate: { state: 'valid' } });
    });

    it('a passport the server revoked is refused with DCC_REVOKED (and the refusal audited)', async () => {
      const { hc1, uvci } = await issue();
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/passport/revocations',
        headers: bearer(admin),
        payload: { uvci },
      });
      expect(res.statusCode, res.body).toBe(201);
      for (const token of [health, checkpoint]) {
        const refused = await scan(token, hc1);
        expect(refused.statusCode).toBe(422);
        expect(refused.json()).toMatchObject({
          code: 'SCAN_SIGNATURE_INVALID',
          details: { reason: 'DCC_REVOKED' },
        });
        expect(JSON.stringify(refused.json())).not.toContain('Trần');
      }
      // The citizen's next passport is a new certificate, and it scans valid.
      const fresh = await issue();
      expect(fresh.uvci).not.toBe(uvci);
      expect((await scan(health, fresh.hc1)).json()).toMatchObject({ certificate: { state: 'valid' } });
      const refusals = await t.store.db
        .selectFrom('audit_log')
        .select('purpose')
        .where('outcome', '=', 'refused')
        .execute();
      expect(refusals.map((r) => r.purpose)).toContain(
        'scan (checkpoint-officer): SCAN_SIGNATURE_INVALID (DCC_REVOKED)',
      );
    });

    it('a DCC altered after signing is still refused', async () => {
      const { hc1 } = await issue();
      const broken = hc1.slice(0, -6) + (hc1.endsWith('A') ? 'B' : 'A') + hc1.slice(-5);
      const res = await scan(health, broken);
      expect(res.statusCode).toBe(422);
      expect((res.json() as { code: string }).code).toMatch(/^SCAN_(SIGNATURE_INVALID|UNREADABLE)$/);
    });
  });
}
