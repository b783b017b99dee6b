/**
 * The load side of the scan-http benchmark, run in its own process (pinned to core 1): autocannon
 * against POST /v1/scan, cycling over the signed QR texts, after a warm-up run. It asks the server
 * for a mark right before and right after the measured run, so the server's CPU and event-loop
 * figures cover exactly that run.
 */
import autocannon from 'autocannon';
import type { ServerMark } from './lib/scan-server.ts';

export interface LoadInput {
  origin: string;
  markUrl: string;
  token: string;
  texts: string[];
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadOutput {
  /** Completed requests of the measured run. */
  requests: number;
  durationSeconds: number;
  perSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  before: ServerMark;
  after: ServerMark;
}

async function getMark(url: string): Promise<ServerMark> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`mark: HTTP ${res.status}`);
  return (await res.json()) as ServerMark;
}

function fire(input: LoadInput, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: input.origin,
    connections: input.connections,
    duration: seconds,
    headers: { authorization: `Bearer ${input.token}`, 'content-type': 'application/json' },
    // Each connection walks this list in order and starts over: every QR is scanned in turn.
    requests: input.texts.map((text) => ({
      method: 'POST',
      path: '/v1/scan',
      body: JSON.stringify({ text }),
    })),
  });
}

/** Warm-up (discarded), then the measured run between two server marks. */
export async function scanLoad(input: LoadInput): Promise<LoadOutput> {
  if (input.warmupSeconds > 0) await fire(input, input.warmupSeconds);
  const before = await getMark(input.markUrl);
  const r = await fire(input, input.seconds);
  const after = await getMark(input.markUrl);
  return {
    requests: r.requests.total,
    durationSeconds: r.duration,
    perSecond: r.requests.total / r.duration,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    before,
    after,
  };
}
