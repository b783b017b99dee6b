/**
 * The web scanner keeps the revocation log's replica in IndexedDB (docs/revocations.md), in real
 * Chromium against a real server: after the scanner page has synced (a snapshot per partition on
 * its first run), a re-issued (so revoked) QR typed offline is refused with CREDENTIAL_REVOKED
 * and the new one accepted; after a reload, with the log's endpoints cut off, the replica read
 * back from IndexedDB still refuses it. Nothing of it is left in localStorage. No sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createClient, issuePersonal, sealRevocationBatches } from '@oneqr/server';
import { launchChromium } from './browser/chromium.ts';
import { BINH, startWebServer, type WebServer } from './browser/web-server.ts';

/** What the page's IndexedDB holds of the replica: revoked ids and synced heads. */
const storedReplica = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<{ cutoffs: number; synced: number } | null>((resolve, reject) => {
        const req = indexedDB.open('oneqr-revocations');
        req.onerror = () => reject(new Error('open failed'));
        req.onsuccess = () => {
          const get = req.result.transaction('replica').objectStore('replica').get('replica');
          get.onsuccess = () => {
            const s = get.result as { cutoffs: unknown[]; heads: { sequence: number }[] } | undefined;
            resolve(
              s ? { cutoffs: s.cutoffs.length, synced: s.heads.filter((h) => h.sequence > 0).length } : null,
            );
          };
        };
      }),
  );

describe('web scanner: the revocation replica in IndexedDB', () => {
  let server: WebServer;
  let browser: Browser | undefined;
  let revoked = '';
  let current = '';

  beforeAll(async () => {
    server = await startWebServer();
    const now = new Date();
    const c = await createClient(
      server.store.db,
      { role: 'app', name: 'PC-Covid', issuerId: 'pc-covid' },
      now,
    );
    const app = { id: c.clientId, name: 'PC-Covid', role: 'app' as const, issuerId: 'pc-covid' };
    const person = { idNumber: BINH.idNumber, fullName: BINH.fullName, birthDate: BINH.birthDate };
    // The re-issue revokes the first QR; sealing publishes the revocation in the log.
    revoked = (await issuePersonal(server.store.db, app, person, now)).payload;
    current = (await issuePersonal(server.store.db, app, person, now)).payload;
    await sealRevocationBatches(server.store.db, now);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('syncs, refuses the revoked QR offline, and still does after a reload from IndexedDB', async () => {
    const context = await browser!.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    // Two shared cores, often with other browsers running: waits get room, never sleeps.
    page.setDefaultTimeout(90_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const logRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/trust-list/revocations/')) logRequests.push(new URL(r.url()).pathname);
    });
    // Only the latest outcome is drawn; consecutive scans here expect different ones, so the
    // wait for the expected outcome is the synchronisation (and times out if it never comes).
    const scanOffline = async (text: string, expected: string) => {
      await page.focus('#wedge');
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.scanner-result [data-outcome="offline"]${expected}`);
    };
    const REFUSED = '[data-code="CREDENTIAL_REVOKED"]';
    const VALID = '[data-signature="valid"]:not([data-code])';
    try {
      await page.goto(`${server.base}/scanner/sign-in`);
      await page.fill('#client-id', server.scanner.clientId);
      await page.fill('#client-secret', server.scanner.clientSecret);
      await page.click('button[type="submit"]');
      // The trust list's age shows once the refresh (list, then its revocation log) is kept.
      await page.waitForSelector('[data-testid="trust-age"]:not(:has-text("Chưa"))');
      expect(await storedReplica(page)).toEqual({ cutoffs: 1, synced: 1 });
      // The first sync of a partition is its snapshot (then the delta after it).
      expect(logRequests.some((p) => p.endsWith('/snapshot'))).toBe(true);
      expect(await page.evaluate(() => localStorage.getItem('oneqr.scanner.revocations'))).toBeNull();

      await context.setOffline(true);
      await scanOffline(revoked, REFUSED);
      await scanOffline(current, VALID);

      // Reloaded with the log unreachable: the refusal comes from the replica kept in IndexedDB.
      await context.setOffline(false);
      await page.route('**/v1/trust-list/revocations/**', (route) => route.abort());
      await page.reload();
      await page.waitForSelector('[data-testid="trust-age"]:not(:has-text("Chưa"))');
      await context.setOffline(true);
      await scanOffline(revoked, REFUSED);
      expect(await storedReplica(page)).toEqual({ cutoffs: 1, synced: 1 });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
