/**
 * Attack: a caller sends `X-Forwarded-For` with a new address on each request to dodge the
 * per-IP rate limit. Without ONEQR_TRUST_PROXY the header is ignored (the socket's address
 * counts); with it, behind a proxy, the forwarded client address does, and only the hops trusted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './build.ts';
import { loadConfig, trustProxyOf } from '../../src/config.ts';

describe('sqlite: ONEQR_TRUST_PROXY', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  const hit = (app: TestApp, forwarded: string, remoteAddress = '10.0.0.1') =>
    app.app.inject({ url: '/v1/admin/clients', headers: { 'x-forwarded-for': forwarded }, remoteAddress });

  it('unset: a forged X-Forwarded-For does not buy a fresh rate-limit budget', async () => {
    t = await buildTestApp('sqlite', { rateLimitPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await hit(t, `203.0.113.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('set: each forwarded client has its own budget, the proxy none', async () => {
    t = await buildTestApp('sqlite', { rateLimitPerMinute: 3, trustProxy: '10.0.0.1' });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await hit(t, `203.0.113.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401]);
    for (let i = 0; i < 3; i++) expect((await hit(t, '198.51.100.7')).statusCode).toBe(401);
    expect((await hit(t, '198.51.100.7')).statusCode).toBe(429);
    // Only the proxy is trusted: a client's own forged entry before the one it added is not believed.
    expect((await hit(t, '192.0.2.1, 198.51.100.7')).statusCode).toBe(429);
  });

  it('parses the variable, refusing nonsense', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trustProxyOf('0')).toBe(false);
    expect(trustProxyOf('true')).toBe(true);
    expect(() => trustProxyOf('2')).toThrow(/ONEQR_TRUST_PROXY/);
    expect(trustProxyOf('loopback')).toBe('loopback');
    expect(trustProxyOf('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1');
    expect(() => trustProxyOf('everyone')).toThrow(/ONEQR_TRUST_PROXY/);
  });
});
