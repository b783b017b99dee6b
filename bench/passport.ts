/** Vaccine passport DCC issues per second on one core (ES256 and PS256), vs openssl ES256 sign/s. */
import { measurePaths } from './lib/paths.ts';
import { requireAnchor, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'passport';
const PROBES = new URL('./passport-probes.ts', import.meta.url);

const PATHS = [
  {
    label: 'DCC issues (ES256), server issuePassport on SQLite, each after a revoke',
    fn: 'issueEs256',
    inFlight: 1,
  },
  {
    label: 'DCC issues (PS256), server issuePassport on SQLite, each after a revoke',
    fn: 'issuePs256',
    inFlight: 1,
  },
] as const;

export const passportBenchmark: Benchmark = {
  name: NAME,
  description: 'DCC issues per second (vaccine passport, ES256 and PS256), vs openssl ES256 sign/s',
  requires: ['openssl'],
  run: (ctx: Context): Promise<Result[]> =>
    measurePaths(ctx, {
      benchmark: NAME,
      probes: PROBES,
      paths: PATHS,
      unit: 'issue/s',
      anchor: requireAnchor(ctx, 'opensslSignPerSec', 'openssl sign/s', 'sign/s'),
    }),
};
