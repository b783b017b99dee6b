/**
 * Configuration from the environment with safe defaults: the embedded demo needs none;
 * production needs DATABASE_URL and key locations.
 */
import path from 'node:path';

export interface Config {
  /** PostgreSQL URL; when absent the embedded SQLite file under dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Seed the demo (persons, apps, venues, one client per role) into an empty database. */
  seedDemo: boolean;
  logLevel: string;
  /** Bearer token lifetime in seconds. */
  tokenTtlSeconds: number;
  /** Requests per minute per client (or per IP when unauthenticated). */
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.ONEQR_DATA_DIR || 'data'),
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 8080),
    seedDemo: env.ONEQR_SEED_DEMO !== '0',
    logLevel: env.LOG_LEVEL || 'info',
    tokenTtlSeconds: int('ONEQR_TOKEN_TTL', 900),
    rateLimitPerMinute: int('ONEQR_RATE_LIMIT', 600),
    bodyLimitBytes: int('ONEQR_BODY_LIMIT', 64 * 1024),
  };
}
