/**
 * Test helper: bundles `@oneqr/qr` for the browser with esbuild and loads it into a headless
 * Chromium page (see chromium.ts for which one) that has no network at all (every request is
 * aborted and recorded).
 *
 * Why not about:blank: its origin is opaque ('null'), so it is not a secure context and
 * Chromium hides `crypto.subtle` there. The page is therefore a synthetic https origin whose
 * document the route handler answers from memory: no server, no socket, no DNS.
 */
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';

/** The page's synthetic origin (.test is reserved: it can never resolve). */
export const PAGE_URL = 'https://oneqr.test/';

/** The page's global the IIFE bundle assigns the library to. */
export const GLOBAL_NAME = 'OneQR';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const entry = path.join(repoRoot, 'packages/qr/src/index.ts');

export interface QrBundle {
  code: string;
  bytes: number;
  /** Files esbuild read, relative to the repository root. */
  inputs: string[];
}

/**
 * Bundles the isomorphic core for `platform: 'browser'`: esbuild refuses to resolve any
 * `node:` built-in there, so a successful build is itself the proof that none is imported.
 */
export async function bundleQr(): Promise<QrBundle> {
  const r = await build({
    entryPoints: [entry],
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const out = r.outputFiles[0];
  if (out === undefined) throw new Error('esbuild produced no output');
  return {
    code: out.text,
    bytes: out.contents.byteLength,
    inputs: Object.keys((r.metafile as Metafile).inputs),
  };
}

const HTML = '<!doctype html><html><head><title>oneqr</title></head><body></body></html>';

export interface QrPage {
  browser: Browser;
  page: Page;
  /** Every URL the page tried to fetch besides its own document (all were aborted). */
  requests: string[];
  /** Uncaught errors thrown in the page. */
  pageErrors: string[];
}

/**
 * Launches Chromium and loads the bundle into a page with the network cut.
 * A missing browser fails (launchChromium throws naming the fix), it never skips.
 */
export async function openQrPage(bundle: QrBundle): Promise<QrPage> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === PAGE_URL && route.request().isNavigationRequest())
        return route.fulfill({ contentType: 'text/html', body: HTML });
      requests.push(url);
      return route.abort();
    });
    await page.goto(PAGE_URL);
    await page.addScriptTag({ content: bundle.code });
    return { browser, page, requests, pageErrors };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
