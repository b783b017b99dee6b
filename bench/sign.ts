/** Signs per second on one core: the library's `signPersonal` and node:crypto, vs openssl sign/s. */
import { IN_FLIGHT, loopDetail, loopOptions, type LoopMeasure } from './lib/loop.ts';
import { runPinned } from './lib/pinned.ts';
import { requireAnchor, result, type Benchmark, type Context, type Result } from './lib/types.ts';
import type { SignProbeInput } from './sign-probes.ts';

const NAME = 'sign';
const PROBES = new URL('./sign-probes.ts', import.meta.url);

const PATHS = [
  { label: 'node:crypto.sign, cached KeyObject', fn: 'nodeSign', inFlight: 1 },
  { label: 'library signPersonal (WebCrypto), sequential awaits', fn: 'librarySign', inFlight: 1 },
  {
    label: `library signPersonal (WebCrypto), ${IN_FLIGHT} in flight`,
    fn: 'librarySign',
    inFlight: IN_FLIGHT,
  },
] as const;

export const signBenchmark: Benchmark = {
  name: NAME,
  description: 'signs/s on one core: library signPersonal and node:crypto, vs openssl sign/s',
  requires: ['openssl'],
  async run(ctx: Context): Promise<Result[]> {
    const anchor = requireAnchor(ctx, 'opensslSignPerSec', 'openssl sign/s', 'sign/s');
    const results: Result[] = [];
    for (const path of PATHS) {
      const input: SignProbeInput = {
        fixture: ctx.fixture,
        loop: loopOptions(ctx.quick),
        inFlight: path.inFlight,
      };
      const { output: m, pinned } = await runPinned<LoopMeasure>(
        PROBES,
        path.fn,
        input,
        ctx.environment.taskset,
      );
      results.push(
        result(NAME, `sign: ${path.label}`, m.perCpuSecond, 'sign/s', anchor, {
          pinned,
          detail: loopDetail(m, path.inFlight),
          ...(pinned ? {} : { note: 'not pinned: taskset unavailable' }),
        }),
      );
    }
    return results;
  },
};
