/**
 * The load side of the checkins benchmark (its own process, pinned to core 1): autocannon
 * posting check-ins, every event with a fresh eventId so each is a durable insert. Single
 * events (a citizen's venue QR, or venue staff scanning a signed personal QR) or staff batches
 * of `batchSize` events. Marks the server right before and after the measured run.
 */
import autocannon from 'autocannon';
import type { CheckinMark } from './lib/checkins-server.ts';

export type LoadMode = 'single-citizen' | 'single-staff' | 'batch-staff';

export interface CheckinLoadInput {
  mode: LoadMode;
  origin: string;
  markUrl: string;
  venueCode: string;
  personCodes: string[];
  staffToken: string;
  citizenTokens: string[];
  connections: number;
  batchSize: number;
  /** Batch mode: batches each connection sends in the measured run. */
  batchesPerConnection: number;
  warmupSeconds: number;
  seconds: number;
  /** Distinguishes this run's event ids from earlier runs' on the same server. */
  runId: string;
}

export interface CheckinLoadOutput {
  requests: number;
  durationSeconds: number;
  /** Requests per second, and events per second (batch: × batchSize). */
  perSecond: number;
  eventsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Check-ins the server stored during the measured run (counted in the store). */
  storedDuringRun: number;
  commits: number;
  serverCpuSeconds: number;
}

async function getMark(url: string): Promise<CheckinMark> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`mark: HTTP ${res.status}`);
  return (await res.json()) as CheckinMark;
}

function fire(input: CheckinLoadInput, seconds: number, phase: string): Promise<autocannon.Result> {
  let n = 0;
  const at = () => new Date(Date.now() - 1000).toISOString();
  const id = () => `${input.runId}-${phase}-${n++}`;
  const single = input.mode !== 'batch-staff';
  return autocannon({
    url: input.origin,
    connections: input.connections,
    // Batches: a fixed number of them (each takes seconds), timed whole; singles: for `seconds`.
    ...(single
      ? { duration: seconds }
      : { amount: input.connections * (phase === 'w' ? 1 : input.batchesPerConnection) }),
    // A batch of 500 full scans can take seconds on a loaded machine: not a failure.
    timeout: 120,
    requests: [
      {
        method: 'POST',
        path: single ? '/v1/checkins' : '/v1/checkins/batch',
        setupRequest: (req) => {
          const i = n;
          let body: object;
          let token = input.staffToken;
          if (input.mode === 'single-citizen') {
            token = input.citizenTokens[i % input.citizenTokens.length]!;
            body = { eventId: id(), direction: i % 2 ? 'out' : 'in', at: at(), venueCode: input.venueCode };
          } else if (input.mode === 'single-staff') {
            body = {
              eventId: id(),
              direction: 'in',
              at: at(),
              personCode: input.personCodes[i % input.personCodes.length],
            };
          } else {
            const events = [];
            for (let k = 0; k < input.batchSize; k++)
              events.push({
                eventId: id(),
                direction: k % 2 ? 'out' : 'in',
                at: at(),
                personCode: input.personCodes[(i + k) % input.personCodes.length],
              });
            body = { events };
          }
          return {
            ...req,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
        },
      },
    ],
  });
}

export async function checkinLoad(input: CheckinLoadInput): Promise<CheckinLoadOutput> {
  if (input.warmupSeconds > 0) await fire(input, input.warmupSeconds, 'w');
  const before = await getMark(input.markUrl);
  const r = await fire(input, input.seconds, 'm');
  const after = await getMark(input.markUrl);
  const perSecond = r.requests.total / r.duration;
  return {
    requests: r.requests.total,
    durationSeconds: r.duration,
    perSecond,
    eventsPerSecond: (after.checkins - before.checkins) / r.duration,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    storedDuringRun: after.checkins - before.checkins,
    commits: after.commits - before.commits,
    serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
  };
}
