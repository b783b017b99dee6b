/**
 * Child side of the linkage benchmark. The register is imported in a child of its own (set-up,
 * timed apart); a second child per engine imports the dose file, runs the naive exact join (the
 * anchor) and `linkage run`, so its peak RSS is the linking process's own, and scores the
 * result against the truth.
 */
import { sql } from 'kysely';
import { importRegistryCsv, openStore } from '@oneqr/server';
import { loadDoseGenerator, loadDoseImport, loadLinkage } from '@oneqr/server/cli';

export interface FilesInput {
  dir: string;
  persons: number;
  records: number;
}

export interface Files {
  registry: string;
  doses: string;
  truth: string;
  seconds: number;
}

/** Writes the register (persons) and the dose file with its truth (records). */
export async function generateFiles(input: FilesInput): Promise<Files> {
  const t0 = performance.now();
  const { generateRegistryCsv } = await import('@oneqr/server');
  const { generateDoseRecords } = await loadDoseGenerator();
  const registry = `${input.dir}/people.csv`;
  const doses = `${input.dir}/doses.csv`;
  const truth = `${input.dir}/truth.csv`;
  await generateRegistryCsv(registry, { count: input.persons });
  await generateDoseRecords({ registry, count: input.records, out: doses, truth, noise: 'realistic' });
  return { registry, doses, truth, seconds: (performance.now() - t0) / 1000 };
}

export interface EngineInput {
  url: string;
  files: Files;
  /** Record linked doses as health vaccinations too (what `oneqr linkage run` does). */
  applyToHealth: boolean;
}

/** Imports the register into the engine at `url` (migrating it first); returns the seconds. */
export async function importRegistry(input: { url: string; files: Files }): Promise<number> {
  const store = await openStore({ url: input.url });
  try {
    const t0 = performance.now();
    await importRegistryCsv(store, input.files.registry);
    return seconds(t0);
  } finally {
    await store.close();
  }
}

export interface EngineOutput {
  records: number;
  importSeconds: number;
  linkSeconds: number;
  /** Of linkSeconds: loading the register into the in-memory index. */
  indexSeconds: number;
  exactSeconds: number;
  exactMatched: number;
  peakRssMb: number;
  /** CPU seconds (user + system) of this process over import + link: the machine may be shared. */
  cpuSeconds: number;
  precision: number;
  linkedOrQueued: number;
  reviewShare: number;
  linked: number;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

export async function linkOnEngine(input: EngineInput): Promise<EngineOutput> {
  const store = await openStore({ url: input.url });
  try {
    const { importDoseFile } = await loadDoseImport();
    const { runLinkage, evaluateLinkage, loadRegistryIndex } = await loadLinkage();
    const cpu0 = process.cpuUsage();
    let t0 = performance.now();
    const imported = await importDoseFile(store, input.files.doses);
    const importSeconds = seconds(t0);
    if (imported.inserted !== imported.rows) throw new Error(`dose import refused ${imported.rejected} rows`);

    // The anchor: SPEC §7's exact check as one SQL join, every record given its row.
    t0 = performance.now();
    await sql`create table bench_exact as
      select r.site, r.record_id, p.id_number as person_id
      from dose_records r left join registry_persons p
        on p.id_number = r.id_number and p.name_folded = r.name_folded and p.birth_date = r.birth_date`.execute(
      store.db,
    );
    const exactSeconds = seconds(t0);
    const exact = await sql<{ n: number | string }>`select count(person_id) as n from bench_exact`.execute(
      store.db,
    );

    t0 = performance.now();
    const index = await loadRegistryIndex(store.db);
    const indexSeconds = seconds(t0);
    const run = await runLinkage(store, {
      index,
      applyToHealth: input.applyToHealth,
    });
    const linkSeconds = seconds(t0);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const cpu = process.cpuUsage(cpu0);

    const e = await evaluateLinkage(store.db, input.files.truth);
    return {
      records: run.records,
      importSeconds,
      linkSeconds,
      indexSeconds,
      exactSeconds,
      exactMatched: Number(exact.rows[0]?.n ?? 0),
      peakRssMb,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      precision: e.precision,
      linkedOrQueued: e.linkedOrQueued,
      reviewShare: e.reviewShare,
      linked: run.byDecision.linked,
    };
  } finally {
    await store.close();
  }
}
