import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loggerOptions, startServer, type RunningServer } from '../../src/server.ts';
import { createClient } from '../../src/access/service.ts';
import { loadConfig } from '../../src/config.ts';
import { addRevocation, revocationHeads } from '../../src/issuers/service.ts';

describe('sqlite: startServer', () => {
  let server: RunningServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on the configured host, answers over HTTP, and logs no token, secret or id number', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-server-'));
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    server = await startServer({
      config: {
        databaseUrl: undefined,
        dataDir: dir,
        host: '127.0.0.1',
        port: 0,
        seedDemo: true,
        rateLimitPerMinute: 100,
      },
      handleSignals: false,
      logger: { ...loggerOptions({ logLevel: 'info' }), stream },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(path.join(dir, 'oneqr.sqlite'))).toBe(true);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const { clientId, clientSecret } = await createClient(
      server.app.store.db,
      { role: 'admin', name: 'Ops' },
      new Date(),
    );
    const tok = await fetch(`${server.url}/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
    });
    const { access_token } = (await tok.json()) as { access_token: string };
    const list = await fetch(`${server.url}/v1/admin/clients`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(list.status).toBe(200);
    await fetch(`${server.url}/v1/registry/persons/001203012345?name=Nguyen`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    await fetch(`${server.url}/v1/admin/clients`, {
      headers: { authorization: 'Bearer forged-token-value' },
    });

    const log = lines.join('');
    expect(log).toContain('OneQR listening on');
    expect(log).toContain('"route":"/v1/admin/clients"');
    expect(log).not.toContain(access_token);
    expect(log).not.toContain('forged-token-value');
    expect(log).not.toContain(clientSecret);
    expect(log).not.toContain('001203012345');
    expect(log).not.toContain('Nguyen');
  });

  it('closes idempotently, then refuses connections', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-server-'));
    const s = await startServer({
      config: { databaseUrl: undefined, dataDir: dir, port: 0, seedDemo: false },
      handleSignals: false,
      logger: false,
    });
    await Promise.all([s.close(), s.close()]);
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });

  it('seals revocations every ONEQR_REVOCATION_SEAL_INTERVAL; a bad value is refused by name', async () => {
    expect(loadConfig({}).revocationSealIntervalMs).toBe(300_000);
    expect(loadConfig({ ONEQR_REVOCATION_SEAL_INTERVAL: '60' }).revocationSealIntervalMs).toBe(60_000);
    for (const bad of ['0', '-5', '1.5', '5m', '86401', '1e3'])
      expect(() => loadConfig({ ONEQR_REVOCATION_SEAL_INTERVAL: bad }), bad).toThrow(
        /^ONEQR_REVOCATION_SEAL_INTERVAL must be whole seconds from 1 to 86400/,
      );

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-server-'));
    server = await startServer({
      config: {
        databaseUrl: undefined,
        dataDir: dir,
        port: 0,
        seedDemo: false,
        revocationSealIntervalMs: 100,
      },
      handleSignals: false,
      logger: false,
    });
    const db = server.app.store.db;
    const qid = '162979388586171100';
    await addRevocation(db, { qid, before: 1_700_000_000 }, new Date());
    // The writer, not this test, seals: poll the heads with a deadline.
    const deadline = Date.now() + 10_000;
    let sealed = 0;
    while (sealed === 0 && Date.now() < deadline) {
      sealed = (await revocationHeads(db)).reduce((n, h) => n + h.sequence, 0);
      if (sealed === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(sealed).toBe(1);
  });
});
