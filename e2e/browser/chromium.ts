/**
 * The one place that decides which Chromium the browser tests run, and launches it.
 *
 * - `ONEQR_CHROMIUM=/path/to/chromium` when set (any build playwright-core can drive);
 * - else Debian's `/usr/bin/chromium` when installed;
 * - else the headless shell of the npm package `@sparticuz/chromium` (a devDependency, so
 *   `npm ci` brings it). It ships as brotli archives; they are unpacked once per checkout into
 *   `node_modules/.cache/oneqr-chromium-<version>/`, whole or not at all (into a staging folder,
 *   then renamed), so parallel test files never start a half-written binary. The package's own
 *   `executablePath()` unpacks into the shared /tmp instead, where another checkout's version
 *   or a concurrent unpack could be picked up: we run it in a child whose TMPDIR is the staging
 *   folder. Its engines field asks for Node 22; it runs on this Node 20 (checked by the tests).
 *
 * Checked with both: `--use-fake-device-for-media-stream --use-fake-ui-for-media-stream
 * --use-file-for-fake-video-capture=<file.y4m>` make the file the camera
 * (e2e/browser-chromium.test.ts), which the web-app tests rely on.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ENV = 'ONEQR_CHROMIUM';

const repoRoot = path.resolve(import.meta.dirname, '../..');

// Without the background-networking flags Chromium keeps dialling Google on a closed network.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumBinary {
  executablePath: string;
  /** Where it came from, for the test log. */
  source: 'ONEQR_CHROMIUM' | 'debian' | '@sparticuz/chromium';
  /** Environment it needs besides ours (the npm build brings its own fonts). */
  env: Record<string, string>;
}

let found: Promise<ChromiumBinary> | undefined;

/** The Chromium to run (see the module comment for the order); unpacks the npm one if needed. */
export function chromiumBinary(): Promise<ChromiumBinary> {
  found ??= locate();
  return found;
}

async function locate(): Promise<ChromiumBinary> {
  const given = process.env[CHROMIUM_ENV]?.trim();
  if (given) {
    if (!existsSync(given)) throw new Error(`${CHROMIUM_ENV}=${given}: no such file`);
    return { executablePath: given, source: 'ONEQR_CHROMIUM', env: {} };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, source: 'debian', env: {} };
  const dir = await unpackNpmChromium();
  return {
    executablePath: path.join(dir, 'chromium'),
    source: '@sparticuz/chromium',
    env: { FONTCONFIG_PATH: path.join(dir, 'fonts') },
  };
}

/** Unpacks `@sparticuz/chromium` into its cache folder once; returns the folder. */
async function unpackNpmChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  let main: string;
  try {
    main = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error(
      `no Chromium: ${DEBIAN_CHROMIUM} is absent and @sparticuz/chromium is not installed (run \`npm ci\`)`,
    );
  }
  const pkgDir = path.resolve(path.dirname(main), '..');
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const dir = path.join(repoRoot, 'node_modules/.cache', `oneqr-chromium-${version}`);
  if (existsSync(path.join(dir, 'chromium'))) return dir;

  const staging = `${dir}.unpacking-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true, mode: 0o700 });
  try {
    const script =
      "const { default: C } = await import('@sparticuz/chromium'); process.stdout.write(await C.executablePath());";
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: pkgDir,
      env: { ...process.env, TMPDIR: staging },
      timeout: 120_000,
    });
    if (stdout !== path.join(staging, 'chromium'))
      throw new Error(`@sparticuz/chromium unpacked to ${stdout}, not into ${staging}`);
    try {
      await rename(staging, dir);
    } catch (err) {
      // Another test file finished first: its copy is as good as ours.
      if (!existsSync(path.join(dir, 'chromium'))) throw err;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return dir;
}

/** Launches the chosen Chromium headless with our flags plus `extraArgs`. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const bin = await chromiumBinary();
  return chromium.launch({
    executablePath: bin.executablePath,
    args: [...ARGS, ...extraArgs],
    env: { ...process.env, ...bin.env } as Record<string, string>,
    timeout: 20_000,
  });
}
