/**
 * Attacks at the HTTP layer, over real sockets: a body (or headers) trickled in a byte at a time
 * must not hold the connection for minutes, and every refusal Fastify or Node's parser makes
 * before a route runs (431, 408, 400 for a bad Content-Length or chunk, 413, 415, bad JSON)
 * answers `{ code, message }` like every other error.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './build.ts';

const TIMEOUT_MS = 1000;

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  /** The server closed the connection. */
  closed: boolean;
  elapsedMs: number;
}

/**
 * Sends `chunks` over one socket (a string, or a function that writes over time), and resolves
 * with the first response once the server has sent it and closed, or after `waitMs`.
 */
function raw(url: string, send: (socket: net.Socket) => void, waitMs = 10_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        headers: head,
        body: rest.join('\r\n\r\n'),
        closed,
        elapsedMs: Date.now() - started,
      });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => send(socket));
  });
}

/** Writes `text` one byte every `everyMs`, until the socket closes. */
function trickle(socket: net.Socket, text: string, everyMs: number): void {
  let i = 0;
  const tick = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(tick);
    socket.write(text[i++]!);
  }, everyMs);
  socket.on('close', () => clearInterval(tick));
}

const expectShape = (a: RawAnswer, status: number, code: string) => {
  expect(a.status, a.headers).toBe(status);
  expect(a.headers.toLowerCase()).toContain('content-type: application/json');
  const body = JSON.parse(a.body) as { code: string; message: string };
  expect(body).toMatchObject({ code, message: expect.any(String) });
  expect(Object.keys(body).sort()).toEqual(['code', 'message']);
};

describe('sqlite: HTTP-layer refusals and timeouts', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await buildTestApp('sqlite', { requestTimeoutMs: TIMEOUT_MS, bodyLimitBytes: 1024 });
    url = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => t?.close());

  it('a body trickled in a byte at a time is cut off with 408 {code, message}, the connection closed', async () => {
    const a = await raw(url, (s) => {
      s.write(
        'POST /v1/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{',
      );
      trickle(s, '"client_id":"' + 'a'.repeat(480), 100);
    });
    expectShape(a, 408, 'REQUEST_TIMEOUT');
    expect(a.closed).toBe(true);
    expect(a.elapsedMs).toBeLessThan(TIMEOUT_MS * 4);
  });

  it('headers trickled in are cut off the same way', async () => {
    const a = await raw(url, (s) => {
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      trickle(s, 'X-Slow: ' + 'a'.repeat(500), 100);
    });
    expectShape(a, 408, 'REQUEST_TIMEOUT');
    expect(a.closed).toBe(true);
  });

  it('a connection that sends nothing is closed', async () => {
    const a = await raw(url, () => undefined);
    expect(a.closed).toBe(true);
    expect(a.elapsedMs).toBeLessThan(TIMEOUT_MS * 4);
  });

  it('headers larger than allowed: 431 {code, message}', async () => {
    const a = await raw(url, (s) =>
      s.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expectShape(a, 431, 'REQUEST_HEADERS_TOO_LARGE');
  });

  for (const [name, head] of [
    ['a Content-Length that is not a number', 'Content-Length: abc'],
    ['two different Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3'],
    ['Content-Length with chunked Transfer-Encoding', 'Content-Length: 2\r\nTransfer-Encoding: chunked'],
  ] as const) {
    it(`${name}: 400 {code, message}`, async () => {
      const a = await raw(url, (s) =>
        s.write(`POST /v1/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${head}\r\n\r\n{}`),
      );
      expectShape(a, 400, 'REQUEST_MALFORMED');
    });
  }

  it('a bad chunk size: 400 {code, message}', async () => {
    const a = await raw(url, (s) =>
      s.write(
        'POST /v1/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      ),
    );
    expectShape(a, 400, 'REQUEST_MALFORMED');
  });

  it('a request line that is not HTTP: 400 {code, message}', async () => {
    const a = await raw(url, (s) => s.write('HELLO THERE\r\n\r\n'));
    expectShape(a, 400, 'REQUEST_MALFORMED');
  });

  for (const [name, head] of [
    ['no Host header', ''],
    ['two Host headers', 'Host: a.example\r\nHost: b.example\r\n'],
  ] as const) {
    it(`HTTP/1.1 with ${name}: 400 {code, message} naming Host, with the security headers`, async () => {
      const a = await raw(url, (s) => s.write(`GET /healthz HTTP/1.1\r\n${head}Connection: close\r\n\r\n`));
      expect(a.status, a.headers).toBe(400);
      expect(JSON.parse(a.body)).toEqual({
        code: 'REQUEST_INVALID',
        message: expect.stringContaining('Host'),
        details: { location: 'headers', field: 'host' },
      });
      const headers = a.headers.toLowerCase();
      expect(headers).toContain('content-type: application/json');
      expect(headers).toContain('x-content-type-options: nosniff');
      expect(headers).toContain("content-security-policy: default-src 'none'");
    });
  }

  it('HTTP/1.0 without Host is still answered', async () => {
    const a = await raw(url, (s) => s.write('GET /healthz HTTP/1.0\r\n\r\n'));
    expect(a.headers).toMatch(/^HTTP\/1\.[01] 200/);
  });

  it('a body shorter than its Content-Length, then the client gives up: the server stays up', async () => {
    const a = await raw(
      url,
      (s) => {
        s.write(
          'POST /v1/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{}',
        );
        s.end();
      },
      3000,
    );
    expect(a.closed).toBe(true);
    const ok = await fetch(`${url}/healthz`);
    expect(ok.status).toBe(200);
  });

  for (const [name, init, status, code] of [
    [
      'a wrong content type',
      { body: 'client_id=x', headers: { 'content-type': 'text/plain' } },
      415,
      'REQUEST_UNSUPPORTED_MEDIA',
    ],
    [
      'a body over the limit',
      {
        body: JSON.stringify({ client_id: 'a'.repeat(2000) }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'REQUEST_TOO_LARGE',
    ],
    [
      'bad JSON',
      { body: '{"client_id": ', headers: { 'content-type': 'application/json' } },
      400,
      'REQUEST_MALFORMED_JSON',
    ],
    [
      'an empty JSON body',
      { body: '', headers: { 'content-type': 'application/json' } },
      400,
      'REQUEST_MALFORMED_JSON',
    ],
  ] as const) {
    it(`${name}: ${status} {code, message}`, async () => {
      const res = await fetch(`${url}/v1/token`, { method: 'POST', ...init });
      expect(res.status).toBe(status);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ code, message: expect.any(String) });
    });
  }
});
