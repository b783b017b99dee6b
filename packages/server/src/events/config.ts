/**
 * The event pipeline's configuration (docs/events.md), from the environment. Unset ONEQR_EVENTS:
 * no pipeline, check-ins and audit rows are written directly (the embedded default).
 */

export interface EventsConfig {
  /** nats:// URL(s) of the JetStream servers, comma-separated. */
  servers: string[];
  /** Copies of each stream (R3 in production, R1 on one machine). */
  replicas: number;
  /** How long a stream keeps a message, ms (it must outlast the longest consumer outage). */
  maxAgeMs: number;
  /** A stream's size bound in bytes (-1: none); when full, publishes are refused (503), nothing dropped. */
  maxBytes: number;
  /** JetStream's de-duplication window, ms: a message id seen within it is answered duplicate. */
  duplicateWindowMs: number;
  /** Subjects per stream: `oneqr.checkins.<shard>`, shard = hash of the person id. */
  shards: number;
  /** How long a publish waits for JetStream's acknowledgement, ms, before the request answers 503. */
  publishTimeoutMs: number;
}

/** A configuration value the pipeline cannot run with; `code` is stable. */
export class EventsConfigError extends Error {
  constructor(
    readonly code: 'EVENTS_CONFIG_URL_INVALID' | 'EVENTS_CONFIG_VALUE_INVALID',
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'EventsConfigError';
  }
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** `30s`, `10m`, `24h`, `7d` or a number of seconds → ms. */
function duration(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const m = /^(\d{1,9})(s|m|h|d)?$/.exec(raw.trim());
  if (!m || Number(m[1]) === 0)
    throw new EventsConfigError(
      'EVENTS_CONFIG_VALUE_INVALID',
      `${name} must be a positive duration like 90s, 10m, 24h or 7d, got "${raw}"`,
    );
  const unit = { s: 1000, m: MINUTE, h: 60 * MINUTE, d: DAY }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

function whole(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!/^-?\d{1,15}$/.test(raw.trim()) || n < min || n > max)
    throw new EventsConfigError(
      'EVENTS_CONFIG_VALUE_INVALID',
      `${name} must be a whole number from ${min} to ${max}, got "${raw}"`,
    );
  return n;
}

/** The pipeline's configuration, or undefined when ONEQR_EVENTS is unset (direct writes). */
export function eventsConfigOf(env: NodeJS.ProcessEnv): EventsConfig | undefined {
  const raw = env.ONEQR_EVENTS?.trim();
  if (raw === undefined || raw === '') return undefined;
  const servers = raw.split(',').map((s) => s.trim());
  for (const s of servers) {
    let u: URL | undefined;
    try {
      u = new URL(s);
    } catch {
      u = undefined;
    }
    if (
      u === undefined ||
      !['nats:', 'tls:'].includes(u.protocol) ||
      u.hostname === '' ||
      u.pathname.length > 1
    )
      throw new EventsConfigError(
        'EVENTS_CONFIG_URL_INVALID',
        `ONEQR_EVENTS must be nats://host:port (comma-separated for a cluster), got "${s}"`,
      );
  }
  const cfg: EventsConfig = {
    servers,
    replicas: whole('ONEQR_EVENTS_REPLICAS', env.ONEQR_EVENTS_REPLICAS, 1, 1, 5),
    maxAgeMs: duration('ONEQR_EVENTS_MAX_AGE', env.ONEQR_EVENTS_MAX_AGE, 7 * DAY),
    maxBytes: whole('ONEQR_EVENTS_MAX_BYTES', env.ONEQR_EVENTS_MAX_BYTES, -1, -1, Number.MAX_SAFE_INTEGER),
    duplicateWindowMs: duration(
      'ONEQR_EVENTS_DUPLICATE_WINDOW',
      env.ONEQR_EVENTS_DUPLICATE_WINDOW,
      10 * MINUTE,
    ),
    shards: whole('ONEQR_EVENTS_SHARDS', env.ONEQR_EVENTS_SHARDS, 16, 1, 1024),
    publishTimeoutMs: duration('ONEQR_EVENTS_PUBLISH_TIMEOUT', env.ONEQR_EVENTS_PUBLISH_TIMEOUT, 5000),
  };
  if (cfg.maxBytes === 0)
    throw new EventsConfigError(
      'EVENTS_CONFIG_VALUE_INVALID',
      'ONEQR_EVENTS_MAX_BYTES must be -1 (none) or positive',
    );
  if (cfg.duplicateWindowMs > cfg.maxAgeMs)
    throw new EventsConfigError(
      'EVENTS_CONFIG_VALUE_INVALID',
      'ONEQR_EVENTS_DUPLICATE_WINDOW must not be longer than ONEQR_EVENTS_MAX_AGE',
    );
  return cfg;
}
