/**
 * The library in headless Chromium for one describe block, through the e2e harness
 * (e2e/browser/qr-page.ts: bundled for the browser, network cut): opened before its tests,
 * closed after. A missing Chromium fails, it does not skip.
 */
import { afterAll, beforeAll } from 'vitest';
import { bundleQr, openQrPage, type QrPage } from '../../../e2e/browser/qr-page.ts';

/** Registers the page's hooks; the returned getter answers the open page. */
export function useQrPage(): () => QrPage {
  let ctx: QrPage | undefined;
  beforeAll(async () => {
    ctx = await openQrPage(await bundleQr());
  }, 60_000);
  afterAll(async () => {
    await ctx?.browser.close();
  });
  return () => {
    if (ctx === undefined) throw new Error('the browser page did not open (see the beforeAll error)');
    return ctx;
  };
}
