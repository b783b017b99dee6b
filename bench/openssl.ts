/**
 * The anchor: `openssl speed -seconds 3 ecdsap256` on core 0. Every crypto figure in the run is
 * read as a fraction of what OpenSSL's own ECDSA P-256 loop does on this machine right now.
 */
import { spawn } from 'node:child_process';
import { result, type Benchmark, type Result } from './lib/types.ts';

const NAME = 'openssl';

export interface OpensslSpeed {
  signPerSec: number;
  verifyPerSec: number;
  /** From the `Doing …` lines: ops counted and the CPU seconds openssl divided them by. */
  signs?: number;
  signCpuSeconds?: number;
  verifies?: number;
  verifyCpuSeconds?: number;
}

/**
 * Reads the sign/s and verify/s columns of the `256 bits ecdsa (nistp256)` line of
 * `openssl speed ecdsap256` output; null when the line is missing.
 */
export function parseOpensslSpeed(output: string): OpensslSpeed | null {
  const row = /^\s*256 bits ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)\s*$/m.exec(output);
  if (row === null) return null;
  const speed: OpensslSpeed = { signPerSec: Number(row[1]), verifyPerSec: Number(row[2]) };
  const sign = /:\s*(\d+) 256 bits ECDSA sign.* in ([\d.]+)s/.exec(output);
  const verify = /:\s*(\d+) 256 bits ECDSA verify.* in ([\d.]+)s/.exec(output);
  if (sign) Object.assign(speed, { signs: Number(sign[1]), signCpuSeconds: Number(sign[2]) });
  if (verify) Object.assign(speed, { verifies: Number(verify[1]), verifyCpuSeconds: Number(verify[2]) });
  return speed;
}

/** Runs `[taskset -c 0] openssl speed -seconds <s> <alg>` and parses its output with `parse`. */
function runOpensslSpeed<T>(
  alg: string,
  seconds: number,
  taskset: boolean,
  parse: (out: string) => T | null,
): Promise<T> {
  const speed = ['openssl', 'speed', '-seconds', String(seconds), alg];
  const [cmd, ...args] = taskset ? ['taskset', '-c', '0', ...speed] : speed;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const parsed = parse(out);
      if (code !== 0 || parsed === null)
        reject(new Error(`openssl speed ${alg} exited ${code}: ${out.slice(-400)}`));
      else resolve(parsed);
    });
  });
}

/** Runs `[taskset -c 0] openssl speed -seconds <s> ecdsap256` and parses it. */
export function opensslSpeed(seconds: number, taskset: boolean): Promise<OpensslSpeed> {
  return runOpensslSpeed('ecdsap256', seconds, taskset, parseOpensslSpeed);
}

/**
 * Reads the sign/s and verify/s columns of the `rsa 2048 bits` line of `openssl speed rsa2048`
 * (PKCS#1 v1.5 private/public operations: an RSA-PSS verify is the same public-key operation
 * plus one MGF1 hash); null when the line is missing.
 */
export function parseOpensslRsaSpeed(output: string): OpensslSpeed | null {
  const row = /^\s*rsa 2048 bits\s+\S+s\s+\S+s\s+([\d.]+)\s+([\d.]+)\s*$/m.exec(output);
  if (row === null) return null;
  const speed: OpensslSpeed = { signPerSec: Number(row[1]), verifyPerSec: Number(row[2]) };
  const sign = /:\s*(\d+) 2048 bits private RSA.* in ([\d.]+)s/.exec(output);
  const verify = /:\s*(\d+) 2048 bits public RSA.* in ([\d.]+)s/.exec(output);
  if (sign) Object.assign(speed, { signs: Number(sign[1]), signCpuSeconds: Number(sign[2]) });
  if (verify) Object.assign(speed, { verifies: Number(verify[1]), verifyCpuSeconds: Number(verify[2]) });
  return speed;
}

export const opensslBenchmark: Benchmark = {
  name: NAME,
  description: 'openssl speed -seconds 3 ecdsap256 on core 0: the sign/s and verify/s anchors',
  async run(ctx): Promise<Result[]> {
    const seconds = ctx.quick ? 1 : 3;
    const pinned = ctx.environment.taskset;
    const s = await opensslSpeed(seconds, pinned);
    ctx.anchors.opensslSignPerSec = s.signPerSec;
    ctx.anchors.opensslVerifyPerSec = s.verifyPerSec;
    const note = `openssl speed -seconds ${seconds} ecdsap256${pinned ? ', taskset -c 0' : ', NOT pinned (no taskset)'}; rate per user-CPU second`;
    const cpuShare = (cpu: number | undefined): Record<string, number> =>
      cpu === undefined ? {} : { cpuSeconds: cpu, cpuShareOfWall: cpu / seconds };
    return [
      result(NAME, 'openssl ECDSA P-256 sign', s.signPerSec, 'sign/s', null, {
        pinned,
        detail: { ops: s.signs ?? 0, ...cpuShare(s.signCpuSeconds) },
        note,
      }),
      result(NAME, 'openssl ECDSA P-256 verify', s.verifyPerSec, 'verify/s', null, {
        pinned,
        detail: { ops: s.verifies ?? 0, ...cpuShare(s.verifyCpuSeconds) },
        note,
      }),
    ];
  },
};

/** The RSA anchor, for PS256 (EU DCC) verification: `openssl speed rsa2048` on core 0. */
export const opensslRsaBenchmark: Benchmark = {
  name: 'openssl-rsa',
  description: 'openssl speed -seconds 3 rsa2048 on core 0: the RSA-2048 verify/s anchor (PS256)',
  async run(ctx): Promise<Result[]> {
    const seconds = ctx.quick ? 1 : 3;
    const pinned = ctx.environment.taskset;
    const s = await runOpensslSpeed('rsa2048', seconds, pinned, parseOpensslRsaSpeed);
    ctx.anchors.opensslRsaVerifyPerSec = s.verifyPerSec;
    const note = `openssl speed -seconds ${seconds} rsa2048${pinned ? ', taskset -c 0' : ', NOT pinned (no taskset)'}; rate per user-CPU second`;
    return [
      result('openssl-rsa', 'openssl RSA-2048 verify', s.verifyPerSec, 'verify/s', null, {
        pinned,
        detail: {
          ops: s.verifies ?? 0,
          signPerSec: s.signPerSec,
          ...(s.verifyCpuSeconds === undefined ? {} : { cpuSeconds: s.verifyCpuSeconds }),
        },
        note,
      }),
    ];
  },
};
