/**
 * The scanner's revocation replica (docs/revocations.md) in IndexedDB: at national scale it is
 * hundreds of megabytes, far past localStorage's ~5 MB quota, and IndexedDB stores it as
 * structured data without a JSON round trip. One record, replaced whole after a sync is
 * accepted, so a refused or interrupted sync leaves the previous replica.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { RevocationReplica, type RevocationReplicaState } from '@oneqr/qr';
import { KEYS, remove } from './storage.ts';

export const REVOCATION_DB = 'oneqr-revocations';
const RECORD = 'replica';

interface ReplicaDb extends DBSchema {
  replica: { key: string; value: RevocationReplicaState };
}

let db: Promise<IDBPDatabase<ReplicaDb>> | undefined;
const open = () =>
  (db ??= openDB<ReplicaDb>(REVOCATION_DB, 1, {
    upgrade(d) {
      d.createObjectStore('replica');
    },
  }));

/** The kept replica; null when none (or IndexedDB is unavailable: the scanner then works online). */
export async function loadReplica(): Promise<RevocationReplica | null> {
  try {
    const state = await (await open()).get('replica', RECORD);
    // A replica kept in localStorage by an earlier version is dropped: the next sync starts afresh.
    remove(KEYS.revocations);
    return state === undefined ? null : RevocationReplica.fromJSON(state);
  } catch {
    return null;
  }
}

/** Replaces the kept replica; false when it could not be stored (quota, private mode). */
export async function saveReplica(replica: RevocationReplica): Promise<boolean> {
  try {
    await (await open()).put('replica', replica.toJSON(), RECORD);
    return true;
  } catch {
    return false;
  }
}
