/**
 * Personal QR verifications per second on one core, three ways over the same signed payload:
 * node:crypto (the ceiling Node offers), raw WebCrypto (what the library is built on) and the
 * library's `read()` (what a scanner pays). Each against openssl verify/s from this run.
 */
import { IN_FLIGHT } from './lib/loop.ts';
import { measurePaths } from './lib/paths.ts';
import { requireAnchor, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'verify';
const PROBES = new URL('./verify-probes.ts', import.meta.url);

interface Path {
  label: string;
  fn: 'nodeVerify' | 'subtleVerify' | 'libraryRead';
  inFlight: number;
}

const PATHS: readonly Path[] = [
  { label: 'node:crypto.verify, cached KeyObject', fn: 'nodeVerify', inFlight: 1 },
  { label: 'WebCrypto subtle.verify, sequential awaits', fn: 'subtleVerify', inFlight: 1 },
  { label: `WebCrypto subtle.verify, ${IN_FLIGHT} in flight`, fn: 'subtleVerify', inFlight: IN_FLIGHT },
  { label: 'library read(), sequential awaits', fn: 'libraryRead', inFlight: 1 },
  { label: `library read(), ${IN_FLIGHT} in flight`, fn: 'libraryRead', inFlight: IN_FLIGHT },
];

export const verifyBenchmark: Benchmark = {
  name: NAME,
  description: 'personal QR verify/s on one core: node:crypto, WebCrypto, library read(), vs openssl',
  requires: ['openssl'],
  run: (ctx: Context): Promise<Result[]> =>
    measurePaths(ctx, {
      benchmark: NAME,
      probes: PROBES,
      paths: PATHS,
      unit: 'verify/s',
      anchor: requireAnchor(ctx, 'opensslVerifyPerSec', 'openssl verify/s', 'verify/s'),
      // The library's own rate is the anchor of the HTTP benchmark that follows.
      onMeasure: (path, m) => {
        if (path.fn !== 'libraryRead') return;
        if (path.inFlight === 1) ctx.anchors.libraryVerifyPerSec = m.perCpuSecond;
        else ctx.anchors.libraryVerifyInFlightPerSec = m.perCpuSecond;
      },
    }),
};
