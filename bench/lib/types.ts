/** The shapes every benchmark module shares: what it is given, what it returns. */
import type { Environment } from './environment.ts';
import type { Fixture } from './fixture.ts';

/** Figures measured earlier in the same run that later benchmarks compare against. */
export interface Anchors {
  /** `openssl speed ecdsap256` sign/s on one core (user CPU time, as openssl counts it). */
  opensslSignPerSec?: number;
  /** `openssl speed ecdsap256` verify/s on one core. */
  opensslVerifyPerSec?: number;
  /** `openssl speed rsa2048` verify/s on one core (the PS256 anchor). */
  opensslRsaVerifyPerSec?: number;
  /** The library's `read()` on a signed personal QR, sequential awaits, one core (CPU time). */
  libraryVerifyPerSec?: number;
  /** The same with many reads in flight, one core. */
  libraryVerifyInFlightPerSec?: number;
}

/** What a benchmark's `run` receives. */
export interface Context {
  /** Short run for smoke checks (`--quick`): shorter loops, fewer frames, `openssl -seconds 1`. */
  quick: boolean;
  environment: Environment;
  /** The one signed 1405 payload (and its keys) every benchmark measures. */
  fixture: Fixture;
  /** Filled in as benchmarks run; a benchmark reads only anchors its `requires` guarantee. */
  anchors: Anchors;
}

/** The figure a result is compared with, measured in the same run. */
export interface AnchorRef {
  name: string;
  value: number;
  unit: string;
}

/** One measured figure. */
export interface Result {
  /** The benchmark (module) that produced it. */
  benchmark: string;
  /** What was measured, e.g. `verify: node:crypto, cached KeyObject`. */
  name: string;
  value: number;
  unit: string;
  anchor: AnchorRef | null;
  /** value / anchor.value, or null without an anchor. */
  ratio: number | null;
  /** Whether the measuring process was pinned to core 0 with taskset. */
  pinned: boolean;
  /** Supporting figures (wall-clock rate, op counts, percentiles…). */
  detail?: Record<string, number | string | boolean>;
  note?: string;
}

/** A benchmark module: add one to the `benchmarks` list in bench/run.ts. */
export interface Benchmark {
  name: string;
  /** One line for `--help`. */
  description: string;
  /** Benchmarks that must run first (they fill the anchors this one reads); `--only` pulls them in. */
  requires?: readonly string[];
  run(ctx: Context): Promise<Result[]>;
}

/** Builds a result, computing the ratio from the anchor. */
export function result(
  benchmark: string,
  name: string,
  value: number,
  unit: string,
  anchor: AnchorRef | null,
  extra: { pinned: boolean; detail?: Result['detail']; note?: string },
): Result {
  const ratio = anchor !== null && anchor.value > 0 ? value / anchor.value : null;
  return { benchmark, name, value, unit, anchor, ratio, ...extra };
}

/** The anchor under `key`, or a thrown error naming the benchmark that should have set it. */
export function requireAnchor(ctx: Context, key: keyof Anchors, name: string, unit: string): AnchorRef {
  const value = ctx.anchors[key];
  if (value === undefined) throw new Error(`anchor ${key} was not measured earlier in this run`);
  return { name, value, unit };
}
