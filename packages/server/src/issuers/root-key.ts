/**
 * The national root key: it signs the trust list that every scanner pins. Loaded from
 * ONEQR_ROOT_KEY_FILE (a private P-256 JWK) when set; otherwise kept in the store (table
 * platform_keys) and created on first use, so every API node signs with the same key.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { DB } from '../store/database.ts';
import { generateKeyPair, kidOf, publicJwkOf } from '@oneqr/qr';
import { masterKeyFromEnv, openPrivateJwk, sealPrivateJwk } from './key-envelope.ts';

export interface RootKey {
  kid: string;
  publicJwk: JsonWebKey;
  privateJwk: JsonWebKey;
}

const PURPOSE = 'trust-list-root';

// The root key never changes under a running process: cache it per file / per database handle.
const fromFile = new Map<string, Promise<RootKey>>();
const fromStore = new WeakMap<object, Promise<RootKey>>();

async function loadFile(file: string): Promise<RootKey> {
  const jwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonWebKey;
  if (typeof jwk.d !== 'string') throw new Error('ONEQR_ROOT_KEY_FILE must hold a private JWK (with "d")');
  const kid = await kidOf(jwk);
  return { kid, publicJwk: { ...publicJwkOf(jwk), kid }, privateJwk: { ...jwk, kid } } as RootKey;
}

async function loadOrCreate(db: Kysely<DB>, now: Date): Promise<RootKey> {
  const masterKey = masterKeyFromEnv();
  const read = () =>
    db.selectFrom('platform_keys').selectAll().where('purpose', '=', PURPOSE).executeTakeFirst();
  let row = await read();
  if (row === undefined) {
    const pair = await generateKeyPair();
    const kid = await kidOf(pair.publicJwk);
    // Two nodes may race on first use: the first insert wins, the other reads it back.
    await db
      .insertInto('platform_keys')
      .values({
        purpose: PURPOSE,
        kid,
        public_jwk: JSON.stringify(pair.publicJwk),
        private_jwk: sealPrivateJwk(pair.privateJwk, kid, masterKey),
        created_at: now.getTime(),
      })
      .onConflict((oc) => oc.column('purpose').doNothing())
      .execute();
    row = await read();
    if (row === undefined) throw new Error('root key could not be stored');
  }
  return {
    kid: row.kid,
    publicJwk: JSON.parse(row.public_jwk) as JsonWebKey,
    privateJwk: openPrivateJwk(row.private_jwk, row.kid, masterKey),
  };
}

/** The root key in use (file when ONEQR_ROOT_KEY_FILE is set, else the store's, created on first use). */
export function rootKey(db: Kysely<DB>, now: Date): Promise<RootKey> {
  const file = process.env.ONEQR_ROOT_KEY_FILE;
  if (file !== undefined && file !== '') {
    let hit = fromFile.get(file);
    if (hit === undefined) {
      hit = loadFile(file);
      hit.catch(() => fromFile.delete(file));
      fromFile.set(file, hit);
    }
    return hit;
  }
  let hit = fromStore.get(db);
  if (hit === undefined) {
    hit = loadOrCreate(db, now);
    hit.catch(() => fromStore.delete(db));
    fromStore.set(db, hit);
  }
  return hit;
}
