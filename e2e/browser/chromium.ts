/**
 * The one place that decides which Chromium the browser tests run, and launches it.
 *
 * - `ONEQR_CHROMIUM=/path/to/chromium` when set (any build playwright-core can drive), or
 *   `ONEQR_CHROMIUM=npm` to take the npm package even where Debian's is installed (how the
 *   npm path is tested on a machine that has both);
 * - else Debian's `/usr/bin/chromium` when installed;
 * - else the headless shell of the npm package `@sparticuz/chromium` (a devDependency, so
 *   `npm ci` brings it). It ships as brotli archives; they are unpacked once per checkout into
 *   `node_modules/.cache/oneqr-chromium-<version>/`, whole or not at all (into a staging folder,
 *   then renamed), so parallel test files never start a half-written binary. The package's own
 *   `executablePath()` unpacks into the shared /tmp instead, where another checkout's version
 *   or a concurrent unpack could be picked up: we run it in a child whose TMPDIR is the staging
 *   folder. Its engines field asks for Node 22; it runs on this Node 20 (checked by the tests).
 *
 * Fonts for the npm build: its archive brings Open Sans (which covers Vietnamese) and a
 * fonts.conf naming /tmp/fonts, where the package itself would have unpacked them. Unpacked
 * elsewhere, that fontconfig finds no font at all and the headless shell aborts (SIGTRAP,
 * "SkFontMgr_FontConfigInterface.cpp: Not implemented") on the first page with a form control.
 * So we write our own fonts.conf naming the unpacked font folder, and only it, so the page
 * renders alike whether or not the machine has system fonts.
 *
 * Checked with both: `--use-fake-device-for-media-stream --use-fake-ui-for-media-stream
 * --use-file-for-fake-video-capture=<file.y4m>` make the file the camera
 * (e2e/browser-chromium.test.ts), which the web-app tests rely on.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ENV = 'ONEQR_CHROMIUM';
/** `ONEQR_CHROMIUM=npm`: the npm package's headless shell, whatever else is installed. */
export const CHROMIUM_NPM = 'npm';

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
  if (given && given !== CHROMIUM_NPM) {
    if (!existsSync(given)) throw new Error(`${CHROMIUM_ENV}=${given}: no such file`);
    return { executablePath: given, source: 'ONEQR_CHROMIUM', env: {} };
  }
  if (given !== CHROMIUM_NPM && existsSync(DEBIAN_CHROMIUM))
    return { executablePath: DEBIAN_CHROMIUM, source: 'debian', env: {} };
  const dir = await unpackNpmChromium();
  const fontsConf = await writeFontsConf(dir);
  return {
    executablePath: path.join(dir, 'chromium'),
    source: '@sparticuz/chromium',
    env: { FONTCONFIG_FILE: fontsConf, FONTCONFIG_PATH: path.dirname(fontsConf) },
  };
}

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Writes `<dir>/oneqr-fonts.conf`, naming the unpacked fonts (and a cache beside them), and
 * returns its path. Rewritten on each run (to a temporary name, then renamed) so a cache folder
 * unpacked by an older checkout gets it too, and a reader never sees half a file.
 */
async function writeFontsConf(dir: string): Promise<string> {
  const fonts = path.join(dir, 'fonts', 'fonts');
  if (!existsSync(fonts)) throw new Error(`@sparticuz/chromium: no fonts folder at ${fonts}`);
  const conf = path.join(dir, 'oneqr-fonts.conf');
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${xmlText(fonts)}</dir>`,
    `  <cachedir>${xmlText(path.join(dir, 'fonts-cache'))}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  const tmp = `${conf}.${randomUUID()}`;
  await writeFile(tmp, xml);
  await rename(tmp, conf);
  return conf;
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
