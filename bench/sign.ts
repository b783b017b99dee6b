/** Signs per second on one core: the library's `signPersonal` and node:crypto, vs openssl sign/s. */
import { IN_FLIGHT } from './lib/loop.ts';
import { measurePaths } from './lib/paths.ts';
import { requireAnchor, type Benchmark, type Context, type Result } from './lib/types.ts';

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
  run: (ctx: Context): Promise<Result[]> =>
    measurePaths(ctx, {
      benchmark: NAME,
      probes: PROBES,
      paths: PATHS,
      unit: 'sign/s',
      anchor: requireAnchor(ctx, 'opensslSignPerSec', 'openssl sign/s', 'sign/s'),
    }),
};
