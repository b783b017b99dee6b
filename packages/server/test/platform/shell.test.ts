import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers.ts';
import { buildTestApp, bearer, type TestApp } from './build.ts';

interface Operation {
  tags?: string[];
  summary?: string;
  security?: unknown[];
  responses?: Record<string, unknown>;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: platform shell`, () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
    });

    it('sends security headers, and no-store under /v1 only', async () => {
      t = await buildTestApp(dialect);
      const api = await t.app.inject({
        method: 'POST',
        url: '/v1/token',
        payload: { client_id: 'a', client_secret: 'b' },
      });
      expect(api.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
      expect(api.headers['x-content-type-options']).toBe('nosniff');
      expect(api.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(api.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(api.headers['referrer-policy']).toBe('no-referrer');
      expect(api.headers['cache-control']).toBe('no-store');
      expect((await t.app.inject({ url: '/v1/nowhere' })).headers['cache-control']).toBe('no-store');
      const probe = await t.app.inject({ url: '/healthz' });
      expect(probe.headers['x-content-type-options']).toBe('nosniff');
      expect(probe.headers['cache-control']).toBeUndefined();
    });

    it('serves a valid OpenAPI 3 document with the routes, tags, summaries and bearer scheme', async () => {
      t = await buildTestApp(dialect);
      const res = await t.app.inject({ url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      expect(doc.components.securitySchemes.bearerAuth).toEqual(
        expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      );
      const paths = doc.paths as Record<string, Record<string, Operation>>;
      for (const p of [
        '/v1/token',
        '/v1/me/access-log',
        '/v1/admin/clients',
        '/v1/admin/clients/{id}',
        '/healthz',
        '/readyz',
      ]) {
        expect(Object.keys(paths), p).toContain(p);
      }
      expect(Object.keys(paths)).not.toContain('/metrics');
      expect(Object.keys(paths).some((p) => p.startsWith('/docs'))).toBe(false);
      // The contract: every operation has a tag, a summary and responses.
      for (const [p, ops] of Object.entries(paths)) {
        for (const [method, op] of Object.entries(ops)) {
          expect(op.tags?.length, `${method} ${p} tags`).toBeGreaterThan(0);
          expect(op.summary, `${method} ${p} summary`).toBeTruthy();
          expect(op.responses, `${method} ${p} responses`).toBeTruthy();
        }
      }
      const listClients = paths['/v1/admin/clients']?.get;
      expect(listClients?.security).toEqual([{ bearerAuth: [] }]);
      expect(Object.keys(listClients?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '401', '403']),
      );
      expect(paths['/v1/token']?.post?.security).toBeUndefined();
    });

    it('serves the /docs page from bundled assets (no CDN) under its own CSP', async () => {
      t = await buildTestApp(dialect);
      const res = await t.app.inject({ url: '/docs' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('swagger-ui-bundle.js');
      const srcs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
      expect(srcs.length).toBeGreaterThan(2);
      for (const src of srcs) expect(src, src).not.toMatch(/^(https?:)?\/\//);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/https?:/);
      for (const src of srcs) {
        const asset = await t.app.inject({ url: new URL(src, 'http://x/docs/').pathname });
        expect(asset.statusCode, src).toBe(200);
      }
      const init = await t.app.inject({ url: '/docs/static/swagger-initializer.js' });
      expect(init.body).toContain('validatorUrl: null');
      const spec = await t.app.inject({ url: '/docs/json' });
      expect(spec.json().openapi).toMatch(/^3\./);
    });

    it('exposes Prometheus metrics labelled by route pattern, never the raw URL', async () => {
      t = await buildTestApp(dialect);
      const admin = await t.login({ role: 'admin', name: 'Ops' });
      await t.app.inject({
        method: 'DELETE',
        url: '/v1/admin/clients/cl_001203012345',
        headers: bearer(admin.token),
      });
      await t.app.inject({ url: '/v1/registry/persons/079198000111/nowhere' });
      await t.app.inject({ url: '/healthz' });
      const res = await t.app.inject({ url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toContain('process_cpu_user_seconds_total');
      expect(res.body).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/,
      );
      expect(res.body).toMatch(
        /http_request_duration_seconds_count\{method="DELETE",route="\/v1\/admin\/clients\/:id",status_code="404"\} 1/,
      );
      expect(res.body).toMatch(/route="unmatched",status_code="404"/);
      expect(res.body).not.toContain('001203012345');
      expect(res.body).not.toContain('079198000111');
    });

    it('keeps metrics per app instance', async () => {
      t = await buildTestApp(dialect);
      const other = await buildTestApp(dialect);
      try {
        await other.app.inject({ url: '/healthz' });
        const text = (await t.app.inject({ url: '/metrics' })).body;
        expect(text).not.toMatch(/route="\/healthz"/);
      } finally {
        await other.close();
      }
    });

    it('answers /healthz without the database and /readyz 503 when the database fails', async () => {
      t = await buildTestApp(dialect);
      expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await t.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready' });
      await t.store.close();
      const down = await t.app.inject({ url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({
        status: 'unavailable',
        code: 'PLATFORM_STORE_UNAVAILABLE',
        message: expect.any(String),
      });
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    });
  });
}
