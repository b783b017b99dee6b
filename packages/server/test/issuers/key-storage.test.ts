import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, createTestStore, type TestStore } from '../helpers.ts';
import { generateKeyPair, kidOf, verifyTrustList } from '@oneqr/qr';
import { masterKeyFromEnv, openPrivateJwk, sealPrivateJwk } from '../../src/issuers/key-envelope.ts';
import { createIssuer, rootKey, signedTrustList, signerFor } from '../../src/issuers/service.ts';

const NOW = new Date('2025-03-01T08:00:00.000Z');

describe('private key envelope (ONEQR_MASTER_KEY)', () => {
  const master = crypto.randomBytes(32);
  const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'secret-d' } as JsonWebKey;

  it('round-trips, and stores no plaintext', () => {
    const sealed = sealPrivateJwk(jwk, 'kid12345', master);
    expect(sealed.startsWith('enc:v1:')).toBe(true);
    expect(sealed).not.toContain('secret-d');
    expect(openPrivateJwk(sealed, 'kid12345', master)).toEqual(jwk);
  });

  it('refuses a wrong master key, another row (kid) and a missing master key', () => {
    const sealed = sealPrivateJwk(jwk, 'kid12345', master);
    expect(() => openPrivateJwk(sealed, 'kid12345', crypto.randomBytes(32))).toThrow();
    expect(() => openPrivateJwk(sealed, 'otherkid', master)).toThrow();
    expect(() => openPrivateJwk(sealed, 'kid12345', undefined)).toThrow(/ONEQR_MASTER_KEY/);
  });

  it('stores plain JSON without a master key; parses hex and base64 master keys, refuses other lengths', () => {
    expect(JSON.parse(sealPrivateJwk(jwk, 'k', undefined))).toEqual(jwk);
    expect(masterKeyFromEnv({ ONEQR_MASTER_KEY: master.toString('hex') })).toEqual(master);
    expect(masterKeyFromEnv({ ONEQR_MASTER_KEY: master.toString('base64') })).toEqual(master);
    expect(masterKeyFromEnv({})).toBeUndefined();
    expect(() => masterKeyFromEnv({ ONEQR_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: keys at rest and the root key source`, () => {
    let store: TestStore | undefined;
    const saved = { master: process.env.ONEQR_MASTER_KEY, root: process.env.ONEQR_ROOT_KEY_FILE };
    afterEach(async () => {
      if (saved.master === undefined) delete process.env.ONEQR_MASTER_KEY;
      else process.env.ONEQR_MASTER_KEY = saved.master;
      if (saved.root === undefined) delete process.env.ONEQR_ROOT_KEY_FILE;
      else process.env.ONEQR_ROOT_KEY_FILE = saved.root;
      await store?.destroy();
      store = undefined;
    });

    it('wraps issuer and root private keys when ONEQR_MASTER_KEY is set, and still signs', async () => {
      process.env.ONEQR_MASTER_KEY = crypto.randomBytes(32).toString('base64');
      delete process.env.ONEQR_ROOT_KEY_FILE;
      store = await createTestStore(dialect);
      await createIssuer(store.db, { id: 'vneid', name: 'VNeID', rights: ['personal'] }, NOW);
      await rootKey(store.db, NOW);
      const keys = await store.db.selectFrom('issuer_keys').select('private_jwk').execute();
      const roots = await store.db.selectFrom('platform_keys').select('private_jwk').execute();
      for (const r of [...keys, ...roots]) expect(r.private_jwk.startsWith('enc:v1:')).toBe(true);
      const signer = await signerFor(store.db, 'vneid', 'personal', NOW);
      expect(typeof signer.privateJwk.d).toBe('string');
    });

    it('signs the trust list with the key in ONEQR_ROOT_KEY_FILE when set', async () => {
      const pair = await generateKeyPair();
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-root-')), 'root.jwk');
      fs.writeFileSync(file, JSON.stringify(pair.privateJwk));
      process.env.ONEQR_ROOT_KEY_FILE = file;
      store = await createTestStore(dialect);
      await createIssuer(store.db, { id: 'vneid', name: 'VNeID', rights: ['personal'] }, NOW);
      const root = await rootKey(store.db, NOW);
      expect(root.kid).toBe(await kidOf(pair.publicJwk));
      expect(root.publicJwk).not.toHaveProperty('d');
      const { body } = await signedTrustList(store.db, NOW);
      expect('document' in (await verifyTrustList(body, pair.publicJwk))).toBe(true);
      const rows = await store.db.selectFrom('platform_keys').selectAll().execute();
      expect(rows).toHaveLength(0);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    });
  });
}
