import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { listAccessLog, recordAudit } from '../../src/access/service.ts';
import type { AuthClient } from '../../src/access/roles.ts';
import { createPerson } from '../../src/registry/service.ts';

const ALICE = '001203012345';
const BOB = '079198000111';

for (const dialect of DIALECTS) {
  describe(`${dialect}: access log ("who read my data")`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(dialect);
      // Citizen clients are bound to registered persons.
      await createPerson(
        t.store.db,
        { idNumber: ALICE, fullName: 'Trần Thị Alice', birthDate: '2003-04-05', gender: 'female' },
        t.clock.now,
      );
      await createPerson(
        t.store.db,
        { idNumber: BOB, fullName: 'Lê Văn Bob', birthDate: '1998-02-03', gender: 'male' },
        t.clock.now,
      );
    });
    afterEach(async () => t.close());

    const officer: AuthClient = { id: 'cl_ho', name: 'Hanoi CDC officer', role: 'health-officer' };
    const door: AuthClient = {
      id: 'cl_door',
      name: 'Cafe Hoa Sua door',
      role: 'venue-staff',
      venueId: 'v-1',
    };
    const at = (min: number) => new Date(Date.UTC(2025, 2, 1, 7, min));

    async function seedLog(): Promise<void> {
      await recordAudit(t.store.db, {
        actor: door,
        personId: ALICE,
        fields: ['fullName', 'colour'],
        purpose: 'venue check-in',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(1),
      });
      await recordAudit(t.store.db, {
        actor: officer,
        personId: ALICE,
        fields: ['vaccinations', 'tests'],
        purpose: 'case investigation',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(5),
      });
      await recordAudit(t.store.db, {
        actor: door,
        personId: ALICE,
        fields: ['vaccinations'],
        purpose: 'venue check-in',
        outcome: 'refused',
        route: '/v1/scan',
        at: at(3),
      });
      await recordAudit(t.store.db, {
        actor: officer,
        personId: BOB,
        fields: ['fullName'],
        purpose: 'checkpoint',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(2),
      });
      await recordAudit(t.store.db, {
        actor: null,
        personId: null,
        fields: [],
        purpose: 'ACCESS_TOKEN_MISSING',
        outcome: 'refused',
        route: '/v1/scan',
        at: at(4),
      });
    }

    it('shows a citizen only their own entries, newest first, with who, when, fields, purpose, outcome', async () => {
      await seedLog();
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/me/access-log',
        headers: bearer(alice.token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { entries } = res.json();
      expect(entries).toEqual([
        {
          at: at(5).toISOString(),
          actor: { name: 'Hanoi CDC officer', role: 'health-officer' },
          fields: ['vaccinations', 'tests'],
          purpose: 'case investigation',
          outcome: 'disclosed',
          route: '/v1/scan',
        },
        {
          at: at(3).toISOString(),
          actor: { name: 'Cafe Hoa Sua door', role: 'venue-staff' },
          fields: ['vaccinations'],
          purpose: 'venue check-in',
          outcome: 'refused',
          route: '/v1/scan',
        },
        {
          at: at(1).toISOString(),
          actor: { name: 'Cafe Hoa Sua door', role: 'venue-staff' },
          fields: ['fullName', 'colour'],
          purpose: 'venue check-in',
          outcome: 'disclosed',
          route: '/v1/scan',
        },
      ]);
      expect(res.body).not.toContain(BOB);
      expect(res.body).not.toContain('checkpoint');
      expect(res.body).not.toContain('cl_ho');

      const bob = await t.login({ role: 'citizen', name: 'Bob app', personId: BOB });
      const bobs = (await t.app.inject({ url: '/v1/me/access-log', headers: bearer(bob.token) })).json()
        .entries;
      expect(bobs).toHaveLength(1);
      expect(bobs[0].purpose).toBe('checkpoint');
    });

    it('honours limit and validates it', async () => {
      await seedLog();
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      const one = await t.app.inject({ url: '/v1/me/access-log?limit=1', headers: bearer(alice.token) });
      expect(one.json().entries).toHaveLength(1);
      // Outside the documented 1-1000: refused, not clamped to the nearest end.
      for (const limit of ['abc', '0', '00', '1001', '9999', '0100']) {
        const bad = await t.app.inject({
          url: `/v1/me/access-log?limit=${limit}`,
          headers: bearer(alice.token),
        });
        expect(bad.statusCode, limit).toBe(400);
        expect(bad.json()).toMatchObject({
          code: 'REQUEST_INVALID',
          details: { location: 'querystring', field: 'limit' },
        });
      }
      expect((await listAccessLog(t.store.db, ALICE, { limit: 2 })).map((e) => e.at)).toEqual([
        at(5).toISOString(),
        at(3).toISOString(),
      ]);
    });

    it("a flood of venue scans does not bury a health officer's read: pages, role filter and summary", async () => {
      // The health officer read first; then 1,110 venue scans, newer, fill more than one page.
      await recordAudit(t.store.db, {
        actor: officer,
        personId: ALICE,
        fields: ['identity.fullName', 'vaccinations'],
        purpose: 'scan (health-officer)',
        outcome: 'disclosed',
        route: '/v1/scan',
        at: at(1),
      });
      const flood = Array.from({ length: 1110 }, (_, n) => n);
      for (let i = 0; i < flood.length; i += 50) {
        await Promise.all(
          flood.slice(i, i + 50).map((n) =>
            recordAudit(t.store.db, {
              actor: door,
              personId: ALICE,
              fields: ['name', 'colour'],
              purpose: 'scan (venue-staff)',
              outcome: 'disclosed',
              route: '/v1/scan',
              at: new Date(at(2).getTime() + n * 10),
            }),
          ),
        );
      }
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      const get = async (query: string) => {
        const res = await t.app.inject({ url: `/v1/me/access-log${query}`, headers: bearer(alice.token) });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as {
          entries: { actor: { role: string } | null; at: string }[];
          nextCursor: string | null;
        };
      };
      const first = await get('?limit=1000');
      expect(first.entries).toHaveLength(1000);
      expect(first.entries.some((e) => e.actor?.role === 'health-officer')).toBe(false);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await get(`?limit=1000&cursor=${first.nextCursor}`);
      expect(second.entries).toHaveLength(111);
      expect(second.nextCursor).toBeNull();
      expect(second.entries.at(-1)).toMatchObject({
        actor: { role: 'health-officer' },
        at: at(1).toISOString(),
      });
      const all = [...first.entries, ...second.entries].map((e) => e.at);
      expect(all).toEqual([...all].sort().reverse());

      const officers = await get('?role=health-officer');
      expect(officers.entries).toEqual([expect.objectContaining({ purpose: 'scan (health-officer)' })]);
      expect((await get('?role=venue-staff&outcome=refused&limit=5')).entries).toEqual([]);

      const summary = await t.app.inject({ url: '/v1/me/access-log/summary', headers: bearer(alice.token) });
      expect(summary.statusCode).toBe(200);
      expect(summary.json()).toEqual({
        total: 1111,
        truncated: false,
        readers: [
          {
            actor: { name: 'Cafe Hoa Sua door', role: 'venue-staff' },
            purpose: 'scan (venue-staff)',
            outcome: 'disclosed',
            count: 1110,
            firstAt: at(2).toISOString(),
            lastAt: new Date(at(2).getTime() + 11_090).toISOString(),
          },
          {
            actor: { name: 'Hanoi CDC officer', role: 'health-officer' },
            purpose: 'scan (health-officer)',
            outcome: 'disclosed',
            count: 1,
            firstAt: at(1).toISOString(),
            lastAt: at(1).toISOString(),
          },
        ],
      });
      const filtered = await t.app.inject({
        url: '/v1/me/access-log/summary?role=health-officer',
        headers: bearer(alice.token),
      });
      expect(filtered.json()).toMatchObject({ total: 1, readers: [{ count: 1 }] });
    });

    it('pages newest first with no duplicate and no gap while entries are written concurrently', async () => {
      const write = (purpose: string, when: Date) =>
        recordAudit(t.store.db, {
          actor: door,
          personId: ALICE,
          fields: ['name'],
          purpose,
          outcome: 'disclosed',
          route: '/v1/scan',
          at: when,
        });
      // 40 entries over 8 instants (five share each millisecond, so ties are broken by id).
      for (let n = 0; n < 40; n++) await write(`old ${n}`, at(n % 8));
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      const seen: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const res = await t.app.inject({
          url: `/v1/me/access-log?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
          headers: bearer(alice.token),
        });
        const body = res.json() as { entries: { purpose: string }[]; nextCursor: string | null };
        seen.push(...body.entries.map((e) => e.purpose));
        cursor = body.nextCursor;
        // Between pages, others keep reading: newer entries, and one at the instant just shown.
        await Promise.all([write(`new ${page}`, at(30 + page)), write(`tie ${page}`, at(7))]);
        page++;
      } while (cursor !== null && page < 20);
      const old = seen.filter((p) => p.startsWith('old '));
      expect(new Set(seen).size, 'no entry twice').toBe(seen.length);
      expect(old.sort()).toEqual(Array.from({ length: 40 }, (_, n) => `old ${n}`).sort());
      expect(seen.some((p) => p.startsWith('new '))).toBe(false);
    });

    it('refuses a cursor that is not a page position', async () => {
      const alice = await t.login({ role: 'citizen', name: 'Alice app', personId: ALICE });
      for (const cursor of ['bm90LWEtY3Vyc29y', Buffer.from('12:../x').toString('base64url')]) {
        const res = await t.app.inject({
          url: `/v1/me/access-log?cursor=${cursor}`,
          headers: bearer(alice.token),
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'ACCESS_LOG_CURSOR_INVALID', details: { field: 'cursor' } });
        // Only the form is checked (a made-up position reads the caller's own log): say so.
        expect(res.json().message).not.toContain('gave out');
      }
      const shape = await t.app.inject({
        url: '/v1/me/access-log?cursor=%21%21',
        headers: bearer(alice.token),
      });
      expect(shape.json()).toMatchObject({ code: 'REQUEST_INVALID', details: { field: 'cursor' } });
    });

    it('is for citizens only', async () => {
      const ho = await t.login({ role: 'health-officer', name: 'HO' });
      const res = await t.app.inject({ url: '/v1/me/access-log', headers: bearer(ho.token) });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('ACCESS_ROLE_FORBIDDEN');
    });
  });
}
