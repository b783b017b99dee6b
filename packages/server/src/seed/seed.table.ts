/**
 * The demo seed's marker table (created by migration 0005, the seed having none of its own).
 * Not part of the composed DB type: the seed adds it with `db.withTables<SeedTables>()`.
 */
// Type aliases, not interfaces: withTables<T>() needs an indexable record type.
export type SeedRunsTable = {
  /** Which seed ran, e.g. 'demo'. */
  name: string;
  seeded_at: number;
};

export type SeedTables = {
  seed_runs: SeedRunsTable;
};
