/**
 * EU DCC verifies per second on one core, ES256 against openssl's ECDSA P-256 verify/s and PS256
 * against openssl's RSA-2048 verify/s from the same run: `read()` (what a scanner runs) and
 * `verifyDcc` (the verifier layers without the schema check), on a DCC the server issued.
 */
import { measurePaths } from './lib/paths.ts';
import { requireAnchor, type Benchmark, type Context, type Result } from './lib/types.ts';

const NAME = 'dcc-verify';
const PROBES = new URL('./passport-probes.ts', import.meta.url);

export const dccVerifyBenchmark: Benchmark = {
  name: NAME,
  description: 'DCC verifies per second (read() and verifyDcc, ES256 and PS256), vs openssl verify/s',
  requires: ['openssl', 'openssl-rsa'],
  async run(ctx: Context): Promise<Result[]> {
    const es256 = await measurePaths(ctx, {
      benchmark: NAME,
      probes: PROBES,
      paths: [
        { label: 'ES256 DCC, read() with the DSCs as key source', fn: 'readEs256', inFlight: 1 },
        { label: 'ES256 DCC, verifyDcc (layers, no schema)', fn: 'verifyEs256', inFlight: 1 },
      ],
      unit: 'verify/s',
      anchor: requireAnchor(ctx, 'opensslVerifyPerSec', 'openssl ECDSA P-256 verify/s', 'verify/s'),
    });
    const ps256 = await measurePaths(ctx, {
      benchmark: NAME,
      probes: PROBES,
      paths: [
        { label: 'PS256 DCC, read() with the DSCs as key source', fn: 'readPs256', inFlight: 1 },
        { label: 'PS256 DCC, verifyDcc (layers, no schema)', fn: 'verifyPs256', inFlight: 1 },
      ],
      unit: 'verify/s',
      anchor: requireAnchor(ctx, 'opensslRsaVerifyPerSec', 'openssl RSA-2048 verify/s', 'verify/s'),
    });
    return [...es256, ...ps256];
  },
};
