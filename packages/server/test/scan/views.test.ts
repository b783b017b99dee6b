/**
 * The scan answer shapes (issue 6): each role's view is a declared schema, the route answers
 * through their union so a property no view declares is never sent, and every field of a view
 * is either audited or declared not personal.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import {
  ScanAnswer,
  SCAN_VIEWS,
  VENUE_STAFF,
  HEALTH_PERSON,
  CHECKPOINT_PERSON,
} from '../../src/scan/views.ts';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer } from '../platform/build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { ensureDefaultRules } from '../../src/health/service.ts';

/** Dotted paths of a schema: objects are walked, anything else (arrays, unions, scalars) is a leaf. */
function paths(schema: TSchema, prefix = ''): string[] {
  const props = (schema as { properties?: Record<string, TSchema> }).properties;
  if ((schema as { type?: unknown }).type !== 'object' || props === undefined) return [prefix];
  return Object.entries(props).flatMap(([k, s]) => paths(s, prefix ? `${prefix}.${k}` : k));
}

const identity = { confirmed: true, source: 'registry', fullName: 'Nguyễn Văn An', birthDate: '1990-05-01' };
const holder = {
  confirmed: false,
  source: 'certificate',
  fullName: 'Nguyen Van An',
  birthDate: '1990-05-01',
};
/** One valid object of each view. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  'venue-staff': { name: 'Nguyễn V. An', colour: 'green' },
  venue: {
    kind: 'venue',
    venue: { id: 'v-1', name: 'CAFE HOA SUA', province: '01', commune: null },
    issuer: { id: 'pc-covid', name: 'PC-Covid' },
  },
  'checkpoint-officer, certificate': {
    kind: 'dcc',
    identity: holder,
    colour: null,
    certificate: { state: 'valid' },
    declaration: { state: 'none' },
  },
  'checkpoint-officer': {
    kind: 'cccd',
    identity: { ...identity, documentNumber: '******012345' },
    colour: 'green',
    declaration: { state: 'none' },
  },
  declaration: {
    kind: 'declaration',
    identity: { ...identity, source: 'signature', documentNumber: '******012345' },
    colour: 'green',
    declaration: {
      state: 'valid',
      id: 'd1',
      date: '2025-03-01',
      fromProvince: '01',
      toProvince: '79',
      vehicle: 'road:51B12345',
      validUntil: '2025-03-04T08:00:00.000Z',
    },
  },
  'health-officer, certificate': {
    kind: 'shc',
    identity: holder,
    certificate: { state: 'valid', fields: { patient: { name: 'Nguyen Van An' } } },
  },
  'health-officer': {
    kind: 'personal-1405',
    signature: { state: 'valid', issuer: 'pc-covid' },
    identity: {
      ...identity,
      documentNumber: '001090012345',
      gender: 'male',
      phone: null,
      provinceCode: '01',
      address: null,
      qid: null,
      inRegistry: true,
    },
    colour: 'green',
    colourRule: { id: 'national', version: 1, province: null, clause: 'c1' },
    vaccinations: [],
    tests: [],
    caseStatus: null,
    warnings: [{ code: 'SCAN_CARD_NOT_IN_REGISTRY', message: 'x' }],
  },
};

describe('scan views', () => {
  it('each view declares every one of its fields as audited or not personal, never both', () => {
    for (const v of SCAN_VIEWS) {
      const declared = [...v.audits, ...v.unaudited];
      expect(new Set(declared).size, `${v.name}: a field is both audited and unaudited`).toBe(
        declared.length,
      );
      expect(declared.sort(), v.name).toEqual(paths(v.schema).sort());
    }
    expect(ScanAnswer.anyOf).toEqual(SCAN_VIEWS.map((v) => v.schema));
  });

  it('the answer is serialised through the union: a property added to a view object is not sent', async () => {
    const app = Fastify();
    let next: unknown = null;
    app.get('/answer', { schema: { response: { 200: ScanAnswer } } }, async () => next);
    await app.ready();
    try {
      for (const v of SCAN_VIEWS) {
        const clean = SAMPLES[v.name]!;
        expect(Value.Check(v.schema, clean), v.name).toBe(true);
        const leaky: Record<string, unknown> = structuredClone(clean);
        leaky.qid = '162979388586171100';
        leaky.secret = 'LEAK';
        if (typeof leaky.identity === 'object' && leaky.identity !== null) {
          Object.assign(leaky.identity, { pin: '0912345678', leak: 'LEAK' });
        }
        next = leaky;
        const res = await app.inject({ url: '/answer' });
        expect(res.statusCode, `${v.name}: ${res.body}`).toBe(200);
        expect(res.body, v.name).not.toMatch(/LEAK|162979388586171100|0912345678/);
        expect(res.json(), v.name).toEqual(clean);
      }
      // A health officer's object by mistake handed out as venue staff's (it has a name): only the name and colour leave.
      next = { ...SAMPLES['health-officer'], name: 'NGUYEN V. AN' };
      expect(Object.keys((await app.inject({ url: '/answer' })).json()).sort()).toEqual(['colour', 'name']);
    } finally {
      await app.close();
    }
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /v1/scan answer`, () => {
    it('POST /v1/scan declares the union as its answer, and audits exactly the fields its view declares', async () => {
      const t = await buildTestApp(dialect);
      try {
        const doc = (await t.app.inject({ url: '/openapi.json' })).json() as {
          paths: Record<
            string,
            {
              post: {
                responses: Record<string, { content: Record<string, { schema: { anyOf: unknown[] } }> }>;
              };
            }
          >;
        };
        const declared = doc.paths['/v1/scan']!.post.responses['200']!.content['application/json']!.schema;
        expect(declared.anyOf).toHaveLength(SCAN_VIEWS.length);

        await ensureDefaultRules(t.store.db, t.clock.now);
        const id = '001090012345';
        await createPerson(
          t.store.db,
          { idNumber: id, fullName: 'Nguyễn Văn An', birthDate: '1990-05-01' },
          t.clock.now,
        );
        for (const [role, v] of [
          ['venue-staff', VENUE_STAFF],
          ['checkpoint-officer', CHECKPOINT_PERSON],
          ['health-officer', HEALTH_PERSON],
        ] as const) {
          const { token, clientId } = await t.login({ role, name: `views ${role}` });
          const res = await t.app.inject({
            method: 'POST',
            url: '/v1/scan',
            headers: bearer(token),
            payload: { text: id },
          });
          expect(res.statusCode, res.body).toBe(200);
          expect(Value.Check(v.schema, res.json()), role).toBe(true);
          const row = await t.store.db
            .selectFrom('audit_log')
            .select('fields')
            .where('actor_client_id', '=', clientId)
            .executeTakeFirstOrThrow();
          expect(JSON.parse(row.fields), role).toEqual(v.audits);
        }
      } finally {
        await t.close();
      }
    });
  });
}
