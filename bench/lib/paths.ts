/** Runs each probe path pinned to one core and turns its loop measure into a result row. */
import { loopDetail, loopOptions, type LoopMeasure } from './loop.ts';
import { runPinned } from './pinned.ts';
import { result, type AnchorRef, type Context, type Result } from './types.ts';

export interface ProbePath {
  label: string;
  fn: string;
  inFlight: number;
}

export async function measurePaths(
  ctx: Context,
  opts: {
    benchmark: string;
    probes: URL;
    paths: readonly ProbePath[];
    unit: string;
    anchor: AnchorRef;
    /** Called with each measure, e.g. to record an anchor for later benchmarks. */
    onMeasure?: (path: ProbePath, m: LoopMeasure) => void;
  },
): Promise<Result[]> {
  const results: Result[] = [];
  for (const path of opts.paths) {
    const input = { fixture: ctx.fixture, loop: loopOptions(ctx.quick), inFlight: path.inFlight };
    const { output: m, pinned } = await runPinned<LoopMeasure>(
      opts.probes,
      path.fn,
      input,
      ctx.environment.taskset,
    );
    opts.onMeasure?.(path, m);
    results.push(
      result(opts.benchmark, `${opts.benchmark}: ${path.label}`, m.perCpuSecond, opts.unit, opts.anchor, {
        pinned,
        detail: loopDetail(m, path.inFlight),
        ...(pinned ? {} : { note: 'not pinned: taskset unavailable' }),
      }),
    );
  }
  return results;
}
