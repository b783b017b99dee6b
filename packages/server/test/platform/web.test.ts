/**
 * The web app at /: files from a build folder with the right types, caching, compression, ETag
 * and CSP; client-side routes get the shell; the API's paths are never shadowed; nothing outside
 * the build is reachable.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './build.ts';

describe('sqlite: the web app at /', () => {
  let t: TestApp;
  let dir = '';
  const js = `console.log(${JSON.stringify('x'.repeat(2000))});`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oneqr-webdir-'));
    await mkdir(path.join(dir, 'assets'));
    await mkdir(path.join(dir, '.vite'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>OneQR</title><div id="app"></div>');
    await writeFile(path.join(dir, 'assets/index-abc123.js'), js);
    await writeFile(
      path.join(dir, 'assets/zxing_reader-x1.wasm'),
      Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]),
    );
    await writeFile(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(path.join(dir, '.vite/manifest.json'), '{}');
    await writeFile(path.join(dir, '.build-stamp'), 'stamp');
    t = await buildTestApp('sqlite', { webDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it('serves the shell with the app CSP (wasm allowed, nothing foreign), revalidated on each load', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers['permissions-policy']).toBe('camera=(self)');
    expect(r.body).toContain('<div id="app">');
  });

  it('hashed assets are immutable, compressed on request, and answer 304 to their ETag', async () => {
    const r = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(r.rawPayload).toString()).toBe(js);
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    const again = await get('/assets/index-abc123.js', { 'if-none-match': String(r.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect((await get('/assets/zxing_reader-x1.wasm')).headers['content-type']).toBe('application/wasm');
    const sw = await get('/sw.js');
    expect(sw.headers['cache-control']).toBe('no-cache');
    // The worker runs under this policy: it must be the app's, not the API's default-src 'none'.
    expect(sw.headers['content-security-policy']).toContain("connect-src 'self'");
  });

  it('client-side routes get the shell; missing files and build bookkeeping are 404s', async () => {
    for (const url of ['/citizen/qr', '/scanner', '/citizen/qr/print?x=1']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toContain('<div id="app">');
    }
    for (const url of [
      '/assets/nope.js',
      '/favicon.ico',
      '/.vite/manifest.json',
      '/.build-stamp',
      '/assets/',
    ]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('never shadows the API, its reference or the probes', async () => {
    const api = await get('/v1/no-such-route');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(api.headers['content-type']).toMatch(/application\/json/);
    expect((await get('/v1')).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await get('/healthz')).statusCode).toBe(200);
    expect((await get('/openapi.json')).json()).toHaveProperty('paths');
    expect((await get('/docs/no-such-page')).headers['content-type']).not.toMatch(
      /text\/html; charset=utf-8/,
    );
    // A POST to a page path is not the app.
    expect((await t.app.inject({ method: 'POST', url: '/citizen/qr', payload: {} })).statusCode).toBe(404);
  });

  it('attack: traversal and encoded names reach nothing outside the build', async () => {
    for (const url of [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/%2e%2e%2findex.html',
      '/index.html%00.js',
      '/..%2f..%2fetc%2fpasswd',
    ]) {
      const r = await get(url);
      expect(r.body, url).not.toContain('"workspaces"');
      expect(r.body, url).not.toContain('root:');
      expect([200, 400, 404], url).toContain(r.statusCode);
    }
  });
});

describe('sqlite: the web app not built', () => {
  it('answers / with a plain notice naming the fix, and the API still works', async () => {
    const t = await buildTestApp('sqlite', { webDir: path.join(os.tmpdir(), 'oneqr-no-such-web-dir') });
    try {
      const r = await t.app.inject({ url: '/' });
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain('npm ci');
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
