import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Applies every pending migration in order; throws (with the failing name) on error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run over an untyped schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Domains hold number ranges (0010–0019, 0020–0029, 0040…) and land in any order: a database
  // that already ran 0040 still takes a later-merged 0020.
  const migrator = new Migrator({ db, provider: new StaticProvider(), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${why}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
