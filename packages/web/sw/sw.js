/*
 * OneQR service worker (PRECACHE and VERSION are prepended at build time, vite.config.ts).
 * - the app shell and every built file: cache first (hashed names never change);
 * - page navigations: network first, else the cached shell (client-side routes work offline);
 * - the public trust list and colour rules: network first, else the last copy (scanners offline);
 * - every other /v1 call goes to the network only: personal data is never kept by the worker.
 */
/* global PRECACHE, VERSION */
const SHELL = `oneqr-shell-${VERSION}`;
const DATA = 'oneqr-data';
const OFFLINE_DATA = ['/v1/trust-list', '/v1/trust-list/root-key', '/v1/health/rules'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('oneqr-shell-') && k !== SHELL).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    const response = await fetch(request);
    if (response.ok && cacheName === DATA) (await caches.open(DATA)).put(request, response.clone());
    return response;
  } catch (err) {
    const cached = await caches.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (OFFLINE_DATA.includes(url.pathname)) {
    event.respondWith(networkFirst(request, DATA));
    return;
  }
  if (url.pathname.startsWith('/v1/') || url.pathname === '/v1') return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, SHELL, '/'));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});
