/**
 * Configuration from the environment with safe defaults: the embedded demo needs none;
 * production needs DATABASE_URL and key locations.
 */
import path from 'node:path';
import { DEFAULT_CACHE_STALENESS_MS } from './store/change-watch.ts';
import { eventsConfigOf, type EventsConfig } from './events/config.ts';

/** The web app's build output inside this checkout (packages/web builds it at install). */
const DEFAULT_WEB_DIR = path.resolve(import.meta.dirname, '../../web/dist');

export interface Config {
  /** PostgreSQL URL; when absent the embedded SQLite file under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Seed the demo (persons, apps, one client per role) into an empty database: on by default
   *  for the embedded SQLite, off for DATABASE_URL unless ONEQR_SEED_DEMO=1. */
  seedDemo: boolean;
  logLevel: string;
  /** Bearer token lifetime in seconds. */
  tokenTtlSeconds: number;
  /** Requests per minute per client (or per IP when unauthenticated). */
  rateLimitPerMinute: number;
  /** Token requests per minute per IP: each one runs scrypt, so far fewer than other calls; 0 = none. */
  tokenRateLimitPerMinute: number;
  bodyLimitBytes: number;
  /**
   * Behind a reverse proxy: which X-Forwarded-For hops to believe (Fastify's trustProxy). false
   * (default): the socket's address is the client, and a forwarded header is ignored, since anyone
   * can send one; true: every hop; a string: the proxies' addresses or CIDRs (or proxy-addr's
   * `loopback`, `linklocal`, `uniquelocal`), comma-separated. The rate limiter and the logs then
   * see the forwarded client address. (A hop count is not offered: Fastify cannot check the peer.)
   */
  trustProxy: boolean | string;
  /**
   * Milliseconds a client has to send a whole request, headers and body: a request trickled in
   * a byte at a time is then answered 408 and its connection closed, instead of held for minutes.
   */
  requestTimeoutMs: number;
  /** Citizen sign-in: a one-time code's lifetime in seconds. */
  otpTtlSeconds: number;
  /** Wrong codes allowed per challenge before it is burnt. */
  otpMaxAttempts: number;
  /** Seconds before the same phone may ask for another code. */
  otpResendSeconds: number;
  /** Codes one phone may ask for per hour. */
  otpPerPhonePerHour: number;
  /** Code requests and code checks per minute per IP (0 = none). */
  otpRateLimitPerMinute: number;
  /** A citizen session's lifetime in seconds. */
  citizenSessionTtlSeconds: number;
  /** Folder of the built web app served at / (packages/web/dist by default). */
  webDir: string;
  /**
   * Scans answered from the registry (bare ID, CCCD, unsigned 1405) per client per minute, by
   * scanner role; 0 = none. Far below the general limit: each answer tells whether an ID number
   * is registered. Signed QR codes do not count.
   */
  lookupLimitPerMinute: LookupLimits;
  /**
   * Registry look-ups a venue-staff client may spend per hour in check-in batches (typed IDs
   * buffered offline for its own venues); a counter apart from the per-minute one; 0 = none.
   */
  batchLookupLimitPerHour: number;
  /** The issuer (with the `venue` right) whose key signs venue QR codes: the registering platform. */
  venueIssuerId: string;
  /** The issuer (with the `declaration` right) whose key signs movement-declaration QR codes. */
  declarationIssuerId: string;
  /** Days check-ins (and declarations) are kept; older events are refused and purged. */
  retentionDays: number;
  /** Minutes between retention purges by `serve` (0: none). */
  retentionIntervalMinutes: number;
  /** How far ahead of the server clock a device's event time may be, in seconds. */
  checkinSkewSeconds: number;
  /** Vaccine passport: months from issuance to the DCC's exp (Decision 5772: 12). */
  passportValidityMonths: number;
  /** Vaccine passport: the DSC algorithm new certificates are signed with. */
  passportAlg: 'ES256' | 'PS256';
  /**
   * The staleness bound of the in-memory token and trust-store caches, in ms: a disabled client,
   * revoked token or revoked key is refused within it on every node (docs/deploy.md); 0 = none.
   */
  cacheStalenessMs: number;
  /**
   * How often `serve` seals appended revocations into signed batches, in ms: a revocation
   * reaches scanners' log within it (docs/revocations.md). From ONEQR_REVOCATION_SEAL_INTERVAL (seconds).
   */
  revocationSealIntervalMs: number;
  /**
   * The production event pipeline (ONEQR_EVENTS=nats://…, docs/events.md): check-ins and audit
   * rows are published to JetStream and written by `oneqr events consume`; undefined: direct writes.
   */
  events: EventsConfig | undefined;
}

export interface LookupLimits {
  'venue-staff': number;
  'checkpoint-officer': number;
  'health-officer': number;
}

/** ONEQR_TRUST_PROXY: unset, `0` or `false` → false; `true`; else proxy addresses/CIDRs. */
export function trustProxyOf(raw: string | undefined): boolean | string {
  const value = raw?.trim() ?? '';
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  const list = value.split(',').map((s) => s.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  if (list.some((s) => !named.has(s) && !/^[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*(\/\d{1,3})?$/.test(s)))
    throw new Error(
      `ONEQR_TRUST_PROXY must be true, or proxy addresses/CIDRs separated by commas (not a hop count), got "${raw}"`,
    );
  return list.join(',');
}

/** Bounds of ONEQR_REVOCATION_SEAL_INTERVAL, seconds: below 1 s the writer would spin, above a day
 *  a revocation would wait that long to reach any scanner. */
export const SEAL_INTERVAL_MIN_SECONDS = 1;
export const SEAL_INTERVAL_MAX_SECONDS = 86_400;
const SEAL_INTERVAL_DEFAULT_SECONDS = 300;

/** ONEQR_REVOCATION_SEAL_INTERVAL (whole seconds, 1 to 86400; default 300) in ms. */
export function sealIntervalMsOf(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return SEAL_INTERVAL_DEFAULT_SECONDS * 1000;
  const n = Number(raw.trim());
  if (
    !/^\d+$/.test(raw.trim()) ||
    !Number.isSafeInteger(n) ||
    n < SEAL_INTERVAL_MIN_SECONDS ||
    n > SEAL_INTERVAL_MAX_SECONDS
  )
    throw new Error(
      `ONEQR_REVOCATION_SEAL_INTERVAL must be whole seconds from ${SEAL_INTERVAL_MIN_SECONDS} to ${SEAL_INTERVAL_MAX_SECONDS} (default ${SEAL_INTERVAL_DEFAULT_SECONDS}), got "${raw}"`,
    );
  return n * 1000;
}

function passportAlg(raw: string | undefined): 'ES256' | 'PS256' {
  if (raw === undefined || raw === '' || raw === 'ES256') return 'ES256';
  if (raw === 'PS256') return raw;
  throw new Error(`ONEQR_PASSPORT_ALG must be ES256 or PS256, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.ONEQR_DATA_DIR || 'data'),
    host: env.HOST || 'localhost',
    port: int('PORT', 8080),
    // The demo belongs to the embedded default; a production database is seeded only on request.
    seedDemo: env.ONEQR_SEED_DEMO ? env.ONEQR_SEED_DEMO !== '0' : !env.DATABASE_URL,
    logLevel: env.LOG_LEVEL || 'info',
    tokenTtlSeconds: int('ONEQR_TOKEN_TTL', 900),
    rateLimitPerMinute: int('ONEQR_RATE_LIMIT', 600),
    tokenRateLimitPerMinute: int('ONEQR_TOKEN_RATE_LIMIT', 30),
    bodyLimitBytes: int('ONEQR_BODY_LIMIT', 64 * 1024),
    requestTimeoutMs: int('ONEQR_REQUEST_TIMEOUT', 30) * 1000,
    trustProxy: trustProxyOf(env.ONEQR_TRUST_PROXY),
    lookupLimitPerMinute: {
      'venue-staff': int('ONEQR_LOOKUP_LIMIT_VENUE_STAFF', 20),
      'checkpoint-officer': int('ONEQR_LOOKUP_LIMIT_CHECKPOINT_OFFICER', 60),
      'health-officer': int('ONEQR_LOOKUP_LIMIT_HEALTH_OFFICER', 120),
    },
    batchLookupLimitPerHour: int('ONEQR_BATCH_LOOKUP_LIMIT_VENUE_STAFF', 1000),
    otpTtlSeconds: int('ONEQR_OTP_TTL', 300),
    otpMaxAttempts: int('ONEQR_OTP_MAX_ATTEMPTS', 5),
    otpResendSeconds: int('ONEQR_OTP_RESEND', 60),
    otpPerPhonePerHour: int('ONEQR_OTP_PER_HOUR', 5),
    otpRateLimitPerMinute: int('ONEQR_OTP_RATE_LIMIT', 20),
    citizenSessionTtlSeconds: int('ONEQR_CITIZEN_SESSION_TTL', 7 * 86_400),
    venueIssuerId: env.ONEQR_VENUE_ISSUER || 'pc-covid',
    declarationIssuerId: env.ONEQR_DECLARATION_ISSUER || env.ONEQR_VENUE_ISSUER || 'pc-covid',
    retentionDays: int('ONEQR_RETENTION_DAYS', 21),
    checkinSkewSeconds: int('ONEQR_CHECKIN_SKEW', 300),
    retentionIntervalMinutes: int('ONEQR_RETENTION_INTERVAL', 60),
    passportValidityMonths: Math.max(1, int('ONEQR_PASSPORT_VALIDITY_MONTHS', 12)),
    passportAlg: passportAlg(env.ONEQR_PASSPORT_ALG),
    cacheStalenessMs: int('ONEQR_CACHE_STALENESS_MS', DEFAULT_CACHE_STALENESS_MS),
    webDir: path.resolve(env.ONEQR_WEB_DIR || DEFAULT_WEB_DIR),
    revocationSealIntervalMs: sealIntervalMsOf(env.ONEQR_REVOCATION_SEAL_INTERVAL),
    events: eventsConfigOf(env),
  };
}
