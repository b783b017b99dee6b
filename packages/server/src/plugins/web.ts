/**
 * The web apps (packages/web, built by Vite) at `/`: every file of the build is read into memory
 * at boot and compressed (brotli, gzip) on first request, and answered with an ETag. Vite's hashed files under
 * /assets/ are immutable; the shell (index.html, sw.js, the manifest) is revalidated on each load
 * so a new release is picked up. A path with no file and no extension is a client-side route and
 * gets index.html; the API's prefixes are never shadowed (their unknown paths stay JSON 404s).
 */
import crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import './context.ts';

/** Paths the web app never answers: the API, its reference, the probes. */
export const RESERVED_PREFIXES = ['/v1', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];

/**
 * What the pages may load: their own scripts (and WebAssembly compiled from them: zxing-wasm),
 * styles, images from data:/blob: (QR symbols, camera stills), the API on the same origin, the
 * service worker; nothing from elsewhere, no inline script, no framing.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

interface WebFile {
  type: string;
  etag: string;
  raw: Buffer;
  /** Worth compressing; the bytes are made on first request (see compressed()). */
  compressible: boolean;
  cacheControl: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/**
 * Brotli at quality 11 costs seconds for the whole build, so a file is compressed when first asked
 * for, once per process for its content (keyed by its hash): apps built again in one process (the
 * tests build hundreds) start at once.
 */
const compressedByEtag = new Map<string, { gzip: Buffer; br: Buffer }>();

function compressed(etag: string, raw: Buffer): { gzip: Buffer; br: Buffer } {
  let hit = compressedByEtag.get(etag);
  if (!hit) {
    hit = {
      gzip: zlib.gzipSync(raw, { level: 9 }),
      br: zlib.brotliCompressSync(raw, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      }),
    };
    compressedByEtag.set(etag, hit);
  }
  return hit;
}

/** Reads a build folder into memory: URL path → file. Missing folder → empty map. */
export function loadWebFiles(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  if (!existsSync(path.join(dir, 'index.html'))) return files;
  for (const rel of walk(dir)) {
    // Build bookkeeping (Vite's manifest, our build stamp) is not served.
    if (rel.startsWith('.') || rel.includes('/.')) continue;
    const raw = readFileSync(path.join(dir, rel));
    const type = TYPES[path.extname(rel).toLowerCase()] ?? 'application/octet-stream';
    const file: WebFile = {
      type,
      raw,
      etag: `"${crypto.createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
      cacheControl: rel.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      compressible: false,
    };
    const compressible = /^(text\/|application\/(json|manifest\+json|wasm)|image\/svg)/.test(type);
    file.compressible = compressible && raw.length > 512;
    files.set(`/${rel}`, file);
  }
  return files;
}

const NOT_BUILT = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>OneQR</title>
<h1>OneQR</h1><p>The web app is not built. Run <code>npm ci</code> (it builds it) or
<code>npm run build -w @oneqr/web</code>, then restart. The API is at <a href="/docs">/docs</a>.</p></html>`;

function isReserved(url: string): boolean {
  return RESERVED_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}?`));
}

export default fp(
  async (app) => {
    const files = loadWebFiles(app.config.webDir);
    if (files.size === 0) app.log.warn({ webDir: app.config.webDir }, 'web app not built: / shows a notice');

    function send(request: FastifyRequest, reply: FastifyReply, file: WebFile): FastifyReply {
      reply
        .header('content-type', file.type)
        .header('cache-control', file.cacheControl)
        .header('etag', file.etag)
        .header('vary', 'accept-encoding');
      // On every file, not only pages: a service worker script runs under its own response's CSP
      // (helmet's API policy, default-src 'none', would stop it fetching what it caches).
      reply.header('content-security-policy', WEB_CSP).header('permissions-policy', 'camera=(self)');
      if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
      const accept = String(request.headers['accept-encoding'] ?? '');
      const wantsBr = /\bbr\b/.test(accept);
      if (file.compressible && (wantsBr || /\bgzip\b/.test(accept))) {
        const { br, gzip } = compressed(file.etag, file.raw);
        return wantsBr
          ? reply.header('content-encoding', 'br').send(br)
          : reply.header('content-encoding', 'gzip').send(gzip);
      }
      return reply.send(file.raw);
    }

    app.get(
      '/*',
      // Static bytes from memory: not worth the rate limiter's bookkeeping (the API keeps its own).
      { schema: { hide: true }, config: { rateLimit: false } },
      async (request, reply) => {
        const pathname = request.url.split('?')[0] ?? '/';
        if (isReserved(pathname)) return reply.callNotFound();
        const index = files.get('/index.html');
        if (!index) {
          return reply
            .code(503)
            .header('content-type', 'text/html; charset=utf-8')
            .header('cache-control', 'no-store')
            .send(NOT_BUILT);
        }
        // Map keys are the build's own paths: a '..' or an encoded name never matches one.
        const file = files.get(pathname === '/' ? '/index.html' : pathname);
        if (file) return send(request, reply, file);
        // A file-like path with no file is a real 404; anything else is a page of the app.
        if (
          /\.[A-Za-z0-9]{1,8}$/.test(pathname) ||
          pathname.startsWith('/assets/') ||
          pathname.includes('/.')
        )
          return reply.callNotFound();
        return send(request, reply, index);
      },
    );
  },
  { name: 'oneqr-web', dependencies: ['oneqr-errors', 'oneqr-security'] },
);
