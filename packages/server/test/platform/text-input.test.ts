/**
 * Attack: a NUL character or a lone UTF-16 surrogate in any string field. PostgreSQL refuses NUL
 * in text (500 on every route that stored or looked it up, the public POST /v1/token among
 * them); SQLite stored a lone surrogate as invalid UTF-8. Every string field of every route the
 * OpenAPI document lists (body, query, path) must be refused 400 REQUEST_TEXT_INVALID naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { bearer, buildTestApp, type TestApp } from './build.ts';
import { createPerson } from '../../src/registry/service.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { ROLES } from '../../src/access/service.ts';

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  roles: string[];
  params: string[];
  query: string[];
  /** Dotted paths of the body's string fields, with a minimal body holding one at each. */
  body: { field: string; build: (v: string) => unknown }[];
}

/** Every string leaf of a JSON schema, as a dotted path and a builder for a value holding it there. */
function stringLeaves(
  schema: Schema | undefined,
  depth = 0,
): { field: string; build: (v: string) => unknown }[] {
  if (!schema || depth > 6) return [];
  const branches = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((b) => (Array.isArray(b) ? b : []));
  if (branches.length > 0) {
    const seen = new Map<string, { field: string; build: (v: string) => unknown }>();
    for (const b of branches as Schema[])
      for (const leaf of stringLeaves(b, depth + 1)) seen.set(leaf.field, leaf);
    return [...seen.values()];
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) return [{ field: '', build: (v) => v }];
  if (types.includes('array') && schema.items) {
    return stringLeaves(schema.items as Schema, depth + 1).map((l) => ({
      field: l.field === '' ? '0' : `0.${l.field}`,
      build: (v) => [l.build(v)],
    }));
  }
  if (types.includes('object') || schema.properties) {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    return Object.entries(props).flatMap(([name, sub]) =>
      stringLeaves(sub, depth + 1).map((l) => ({
        field: l.field === '' ? name : `${name}.${l.field}`,
        build: (v) => ({ [name]: l.build(v) }),
      })),
    );
  }
  return [];
}

function operations(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = (op.parameters ?? []) as { in: string; name: string; schema?: Schema }[];
      const strings = (where: string) =>
        parameters.filter((p) => p.in === where && stringLeaves(p.schema).length > 0).map((p) => p.name);
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      const roles = /Roles: ([a-z, -]+)\./.exec(String(op.description ?? ''))?.[1]?.split(', ') ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        roles,
        params: strings('path'),
        query: strings('query'),
        body: stringLeaves(content?.['application/json']?.schema),
      });
    }
  }
  return out;
}

/** Routes that take a CSV / JSON-lines stream, not JSON. */
const STREAMED_UPLOADS = new Set(['POST /v1/vaccinations/imports']);

const NUL = 'a\u0000b';
const SURROGATE = 'a\ud800b';

for (const dialect of DIALECTS) {
  describe(`${dialect}: NUL and lone surrogates in every string field`, () => {
    let t: TestApp;
    let ops: Operation[];
    const tok: Record<string, string> = {};
    beforeAll(async () => {
      t = await buildTestApp(dialect);
      await createPerson(
        t.store.db,
        { idNumber: '001090012345', fullName: 'Nguyễn Văn An', birthDate: '1990-05-01', gender: 'male' },
        t.clock.now,
      );
      await createIssuer(t.store.db, { id: 'pc-covid', name: 'PC-Covid', rights: ['personal'] }, t.clock.now);
      for (const role of ROLES) {
        tok[role] = (
          await t.login({
            role,
            name: `text ${role}`,
            ...(role === 'app' && { issuerId: 'pc-covid' }),
            ...(role === 'citizen' && { personId: '001090012345' }),
            ...(role === 'vaccination-site' && { siteId: 'TEXT-SITE' }),
          })
        ).token;
      }
      ops = operations((await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as Schema);
    });
    afterAll(async () => t?.close());

    const headersFor = (op: Operation) => ({
      ...(op.roles[0] ? bearer(tok[op.roles[0]]!) : {}),
      // A streamed upload refuses any other medium before it reads the request (415).
      ...(STREAMED_UPLOADS.has(`${op.method} ${op.path}`) && { 'content-type': 'text/csv' }),
    });
    const fill = (op: Operation, param: string | undefined, value: string) =>
      op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === param ? value : 'x1'));
    const expectRefused = (
      res: { statusCode: number; body: string; json: () => { message?: string } },
      location: string,
      field: string,
    ) => {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'REQUEST_TEXT_INVALID', details: { location, field } });
      expect(res.json().message).toContain(`${location}/${field.replace(/\./g, '/')}`);
    };

    it('the document lists routes with string fields in body, query and path', () => {
      expect(ops.filter((o) => o.body.length > 0).length).toBeGreaterThan(10);
      expect(ops.some((o) => o.query.length > 0)).toBe(true);
      expect(ops.some((o) => o.params.length > 0)).toBe(true);
      expect(ops.find((o) => o.path === '/v1/token')?.body.map((b) => b.field)).toContain('client_id');
    });

    it('refuses both in every JSON body string field with 400 REQUEST_TEXT_INVALID naming it', async () => {
      let n = 0;
      for (const op of ops) {
        for (const leaf of op.body) {
          for (const bad of [NUL, SURROGATE]) {
            const res = await t.app.inject({
              method: op.method as 'POST',
              url: fill(op, undefined, ''),
              headers: { ...headersFor(op), 'content-type': 'application/json' },
              payload: JSON.stringify(leaf.build(bad)),
            });
            expectRefused(res, 'body', leaf.field);
            n++;
          }
        }
      }
      expect(n).toBeGreaterThan(40);
    });

    it('refuses NUL in every query and path string (a URL cannot carry a lone surrogate)', async () => {
      for (const op of ops) {
        for (const name of op.query) {
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: `${fill(op, undefined, '')}?${name}=a%00b`,
            headers: headersFor(op),
          });
          expectRefused(res, 'querystring', name);
        }
        for (const name of op.params) {
          const res = await t.app.inject({
            method: op.method as 'GET',
            url: fill(op, name, 'a%00b'),
            headers: headersFor(op),
            ...(op.method === 'POST' && { payload: {} }),
          });
          expectRefused(res, 'params', name);
        }
      }
    });

    it('refuses NUL in the form-encoded token request (public route), and a surrogate as invalid UTF-8', async () => {
      const form = (body: string) =>
        t.app.inject({
          method: 'POST',
          url: '/v1/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: body,
        });
      expectRefused(
        await form('grant_type=client_credentials&client_id=a%00b&client_secret=x'),
        'body',
        'client_id',
      );
      // %ED%A0%80 is a surrogate encoded as UTF-8, which is not UTF-8: decoded as U+FFFD, then refused as unknown.
      const res = await form('grant_type=client_credentials&client_id=a%ED%A0%80b&client_secret=x');
      expect(res.statusCode).toBe(401);
    });

    it('stores nothing invalid: a registry write with a surrogate in the name is refused before the store', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/registry/persons',
        headers: { ...bearer(tok.admin!), 'content-type': 'application/json' },
        payload: JSON.stringify({ idNumber: '001090099999', fullName: SURROGATE, birthDate: '1990-01-01' }),
      });
      expectRefused(res, 'body', 'fullName');
      const row = await t.store.db
        .selectFrom('registry_persons')
        .select('id_number')
        .where('id_number', '=', '001090099999')
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });
  });
}
