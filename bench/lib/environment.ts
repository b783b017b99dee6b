/** Where the numbers were measured: they mean little without it. */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, platform, release } from 'node:os';

export interface Environment {
  node: string;
  cpuModel: string;
  cores: number;
  platform: string;
  openssl: string;
  /** Node's bundled OpenSSL (what node:crypto and WebCrypto use). */
  nodeOpenssl: string;
  /** Whether `taskset -c 0` works here; single-core figures are pinned only when it does. */
  taskset: boolean;
  /** 1-minute load average when the run started: other work on the machine skews wall-clock figures. */
  loadAvg1m: number;
}

/** Whether `taskset -c 0 true` runs (the binary exists and core 0 is allowed). */
export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
}

/** Describes this machine and toolchain. */
export function describeEnvironment(): Environment {
  const list = cpus();
  const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return {
    node: process.version,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    platform: `${platform()} ${release()}`,
    openssl: openssl.status === 0 ? openssl.stdout.trim() : 'not found',
    nodeOpenssl: process.versions.openssl ?? 'unknown',
    taskset: hasTaskset(),
    loadAvg1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
