/**
 * Time-boxed loops. The rate that matters is per CPU-second of this process (user + system, all
 * threads, so WebCrypto's thread-pool work counts): `openssl speed` also divides by CPU time, and
 * CPU time stays meaningful when other work shares the machine. The wall-clock rate is kept too.
 */

/** How long to warm up, then measure. */
export interface LoopOptions {
  warmupSeconds: number;
  seconds: number;
}

export interface LoopMeasure {
  ops: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** ops per CPU-second. */
  perCpuSecond: number;
  /** ops per wall-clock second. */
  perWallSecond: number;
}

// Check the clock once per batch so the loop measures the operation, not performance.now().
const BATCH = 32;

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function measure(ops: number, wall0: number, cpu0: number): LoopMeasure {
  const wallSeconds = (performance.now() - wall0) / 1000;
  const cpu = cpuSeconds() - cpu0;
  return { ops, wallSeconds, cpuSeconds: cpu, perCpuSecond: ops / cpu, perWallSecond: ops / wallSeconds };
}

/** Runs a synchronous `op` in batches for `seconds` (wall clock) after a warm-up. */
export function syncLoop(op: () => void, opts: LoopOptions): LoopMeasure {
  const run = (seconds: number): LoopMeasure => {
    const wall0 = performance.now();
    const cpu0 = cpuSeconds();
    const end = wall0 + seconds * 1000;
    let ops = 0;
    do {
      for (let i = 0; i < BATCH; i++) op();
      ops += BATCH;
    } while (performance.now() < end);
    return measure(ops, wall0, cpu0);
  };
  run(opts.warmupSeconds);
  return run(opts.seconds);
}

/**
 * Runs an asynchronous `op` for `seconds` after a warm-up, with `inFlight` loops each awaiting
 * one op at a time (1 = strictly sequential awaits).
 */
export async function asyncLoop(
  op: () => Promise<void>,
  opts: LoopOptions & { inFlight: number },
): Promise<LoopMeasure> {
  const run = async (seconds: number): Promise<LoopMeasure> => {
    const wall0 = performance.now();
    const cpu0 = cpuSeconds();
    const end = wall0 + seconds * 1000;
    let ops = 0;
    const worker = async (): Promise<void> => {
      do {
        for (let i = 0; i < BATCH; i++) await op();
        ops += BATCH;
      } while (performance.now() < end);
    };
    await Promise.all(Array.from({ length: opts.inFlight }, worker));
    return measure(ops, wall0, cpu0);
  };
  await run(opts.warmupSeconds);
  return run(opts.seconds);
}

/** Loop lengths for a full run (≥ 2 s measured after warm-up) and for `--quick`. */
export function loopOptions(quick: boolean): LoopOptions {
  return quick ? { warmupSeconds: 0.1, seconds: 0.3 } : { warmupSeconds: 1, seconds: 3 };
}

/** How many operations the "in flight" variants keep pending at once. */
export const IN_FLIGHT = 64;

/** A loop's supporting figures, rounded for reading, for a result's `detail`. */
export function loopDetail(m: LoopMeasure, inFlight: number): Record<string, number> {
  return {
    perWallSecond: Math.round(m.perWallSecond),
    ops: m.ops,
    cpuSeconds: Number(m.cpuSeconds.toFixed(3)),
    wallSeconds: Number(m.wallSeconds.toFixed(3)),
    inFlight,
  };
}
