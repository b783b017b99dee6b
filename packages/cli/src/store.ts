import type { Store } from '@oneqr/server';
import { loadStore } from '@oneqr/server/cli';

/** Runs `fn` against the database the server uses (DATABASE_URL, else ./data/oneqr.sqlite). */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  // Loaded on demand: the server stack is heavy and most commands never need it.
  const { loadConfig, openStore } = await loadStore();
  const config = loadConfig();
  const store = await openStore({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
