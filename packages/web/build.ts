/**
 * Builds the web apps into packages/web/dist when the sources changed since the last build (a
 * stamp of their hashes sits in dist/.build-stamp). `npm ci` runs it (root postinstall) and
 * `oneqr serve` runs it again before listening, so a fresh clone serves the built app with no
 * manual step; the e2e tests call it too. The build goes to a staging folder that replaces dist
 * whole, so a server never loads half a build.
 */
import crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';

const here = import.meta.dirname;
export const WEB_DIST = path.join(here, 'dist');
const STAMP = '.build-stamp';
/** Everything the bundle is made from: this package and the library it embeds. */
const INPUTS = [
  path.join(here, 'src'),
  path.join(here, 'sw'),
  path.join(here, 'public'),
  path.join(here, 'index.html'),
  path.join(here, 'vite.config.ts'),
  path.join(here, 'package.json'),
  path.resolve(here, '../qr/src'),
  path.resolve(here, '../qr/package.json'),
];

function files(p: string, out: string[] = []): string[] {
  if (!existsSync(p)) return out;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) {
      if (name.endsWith('.test.ts')) continue;
      files(path.join(p, name), out);
    }
  } else out.push(p);
  return out;
}

/** Hash of every input file's path and bytes. */
export function sourceStamp(): string {
  const h = crypto.createHash('sha256');
  for (const f of INPUTS.flatMap((p) => files(p))) {
    h.update(path.relative(here, f));
    h.update('\0');
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

function builtStamp(dir: string): string | undefined {
  try {
    return readFileSync(path.join(dir, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export interface EnsureResult {
  dir: string;
  built: boolean;
  ms: number;
}

/** Builds unless dist is current; `force` builds anyway. Logs one line when it builds. */
export async function ensureWebBuilt(
  opts: { force?: boolean; log?: (line: string) => void } = {},
): Promise<EnsureResult> {
  const started = Date.now();
  const stamp = sourceStamp();
  if (!opts.force && builtStamp(WEB_DIST) === stamp) return { dir: WEB_DIST, built: false, ms: 0 };
  opts.log?.('building the web app (packages/web) …');
  const staging = `${WEB_DIST}.staging-${process.pid}-${Date.now()}`;
  const { build } = await import('vite');
  const { writeFile } = await import('node:fs/promises');
  try {
    await build({
      configFile: path.join(here, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: staging },
    });
    await writeFile(path.join(staging, STAMP), `${stamp}\n`);
    // Swap whole folders; another process that finished the same build first is as good as ours.
    const old = `${WEB_DIST}.old-${process.pid}-${Date.now()}`;
    if (existsSync(WEB_DIST)) await rename(WEB_DIST, old).catch(() => undefined);
    try {
      await rename(staging, WEB_DIST);
    } catch (err) {
      if (builtStamp(WEB_DIST) !== stamp) throw err;
    }
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const ms = Date.now() - started;
  opts.log?.(`web app built in ${ms} ms → ${path.relative(process.cwd(), WEB_DIST) || WEB_DIST}`);
  return { dir: WEB_DIST, built: true, ms };
}
