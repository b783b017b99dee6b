import type { Kysely } from 'kysely';

// Frozen in time: never import application code here; never renumber.
export async function up(_db: Kysely<unknown>): Promise<void> {}

export async function down(_db: Kysely<unknown>): Promise<void> {}
