import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from './build.ts';
import Fastify from 'fastify';
import { describeValidation, frameworkErrors, toErrorResponse } from '../../src/plugins/errors.ts';
import { HttpError } from '../../src/errors.ts';

for (const dialect of DIALECTS) {
  describe(`${dialect}: platform error answers`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('answers an oversize body 413 REQUEST_TOO_LARGE', async () => {
      t = await buildTestApp(dialect, { bodyLimitBytes: 256 });
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: 'x'.repeat(300), client_secret: 'y' },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual({ code: 'REQUEST_TOO_LARGE', message: 'The body is larger than 256 bytes' });
    });

    it('answers malformed and empty JSON 400 REQUEST_MALFORMED_JSON', async () => {
      t = await buildTestApp(dialect);
      for (const payload of ['{"client_id": ', '']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/token',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().code).toBe('REQUEST_MALFORMED_JSON');
        expect(res.body).not.toContain('client_id');
      }
    });

    it('answers an unsupported content type 415', async () => {
      t = await buildTestApp(dialect);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        headers: { 'content-type': 'application/xml' },
        payload: '<a/>',
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('REQUEST_UNSUPPORTED_MEDIA');
    });

    it('names the field and the reason in schema errors', async () => {
      t = await buildTestApp(dialect);
      const send = (payload: object) => t!.app.inject({ method: 'POST', url: '/v1/token', payload });
      const unknown = await send({ client_id: 'a', client_secret: 'b', scope: 'all' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toEqual({
        code: 'REQUEST_INVALID',
        message: 'body/scope is not an accepted field',
        details: { location: 'body', field: 'scope' },
      });
      const missing = await send({ client_id: 'a' });
      expect(missing.json()).toMatchObject({
        message: 'body/client_secret is required',
        details: { field: 'client_secret' },
      });
      const type = await send({ client_id: 5, client_secret: 'b' });
      expect(type.json()).toMatchObject({
        code: 'REQUEST_INVALID',
        message: 'body/client_id must be string',
      });
    });

    it('answers unknown routes 404 NOT_FOUND, rate-limited like the rest', async () => {
      t = await buildTestApp(dialect, { rateLimitPerMinute: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.app.inject({ url: '/v1/nowhere' })).statusCode);
      expect(statuses).toEqual([404, 404, 429]);
      // Another unknown API path: the limit is per client, not per route. (Paths outside the API's
      // prefixes are the web app's pages, static bytes that the limiter leaves alone.)
      const res = await t.app.inject({ url: '/v1/elsewhere' });
      expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    });

    it('rate-limits per authenticated client, else per IP: 429 RATE_LIMITED', async () => {
      t = await buildTestApp(dialect, { rateLimitPerMinute: 3 });
      const a = await t.login({ role: 'admin', name: 'A' });
      const b = await t.login({ role: 'admin', name: 'B' });
      // The two logins count against POST /v1/token's own limit, not this IP's general one.
      const codes = async (headers: Record<string, string>, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++)
          out.push((await t!.app.inject({ url: '/v1/admin/clients', headers })).statusCode);
        return out;
      };
      expect(await codes(bearer(a.token), 4)).toEqual([200, 200, 200, 429]);
      expect(await codes(bearer(b.token), 3)).toEqual([200, 200, 200]);
      const limited = await t.app.inject({ url: '/v1/admin/clients', headers: bearer(a.token) });
      expect(limited.json()).toEqual({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many requests; retry in/),
      });
      expect(limited.headers['retry-after']).toBeDefined();
      expect(await codes({}, 4)).toEqual([401, 401, 401, 429]);
      // Probes are not limited.
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    });

    it('hides unexpected errors as 500 INTERNAL', async () => {
      t = await buildTestApp(dialect);
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      await t.store.db.schema.dropTable('tokens').execute();
      const res = await t.app.inject({ url: '/v1/admin/clients', headers: bearer(admin.token) });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ code: 'INTERNAL', message: 'Internal error' });
      expect(res.body).not.toMatch(/tokens|table|relation/i);
    });
  });
}

describe('platform error mapping', () => {
  it('describes ajv errors by location, field and reason', () => {
    expect(
      describeValidation(
        {
          keyword: 'format',
          instancePath: '/birthDate',
          schemaPath: '#/properties/birthDate/format',
          params: { format: 'date' },
          message: 'must match format "date"',
        },
        'body',
      ),
    ).toEqual({
      message: 'body/birthDate must match format date',
      details: { location: 'body', field: 'birthDate' },
    });
    expect(
      describeValidation(
        {
          keyword: 'additionalProperties',
          instancePath: '/person',
          schemaPath: '#',
          params: { additionalProperty: 'nick' },
          message: 'must NOT have additional properties',
        },
        'body',
      ),
    ).toEqual({
      message: 'body/person/nick is not an accepted field',
      details: { location: 'body', field: 'person.nick' },
    });
    expect(
      describeValidation(
        { keyword: 'type', instancePath: '', schemaPath: '#/type', params: {}, message: 'must be object' },
        'body',
      ).message,
    ).toBe('body must be object');
  });

  it('maps HttpError with details and keeps unknown errors opaque', () => {
    expect(toErrorResponse(new HttpError('ACCESS_CLIENT_NOT_FOUND', undefined, { field: 'id' }), 1)).toEqual({
      status: 404,
      body: { code: 'ACCESS_CLIENT_NOT_FOUND', message: 'No client with this id', details: { field: 'id' } },
    });
    expect(toErrorResponse(new Error('duplicate key 001203012345'), 1)).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'Internal error' },
    });
  });

  it('hides the text and details of a 5xx HttpError, keeping its code', () => {
    // e.g. the rule engine quoting a value from a person's health record
    const err = new HttpError(
      'HEALTH_RULE_EVALUATION_FAILED',
      'rule set vn v1: not a date(-time) in a CertLogic format: "1990-05-01 Nguyen"',
      { value: '001203012345' },
    );
    expect(toErrorResponse(err, 1)).toEqual({
      status: 500,
      body: { code: 'HEALTH_RULE_EVALUATION_FAILED', message: 'The colour rule set could not be evaluated' },
    });
  });

  it('frameworkErrors answers a bad URL or an over-long path parameter without echoing the path', async () => {
    const app = Fastify({ frameworkErrors });
    app.get('/v1/registry/persons/:idNumber', async () => ({ ok: true }));
    for (const url of [
      '/v1/registry/persons/001203012345%',
      `/v1/registry/persons/001203012345${'9'.repeat(100)}`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toEqual({
        code: 'REQUEST_INVALID',
        message: 'The URL is not valid: bad percent-encoding or a path segment that is too long',
      });
      expect(res.body).not.toContain('001203012345');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    await app.close();
  });
});
