/**
 * The staff sides of the web apps end to end in real Chromium against a real server (issue 10
 * acceptance): the scanner records check-ins with the network cut, three wait in IndexedDB, and
 * once the network is back exactly three are stored (read back through the venue owner's API);
 * the venue console registers a venue whose poster renders and decodes; the authority console
 * confirms a case and shows its exposures on a timeline. axe finds no serious violation on any
 * page; screenshots go to e2e/artifacts/web-consoles/ (git-ignored). No sleeps: every wait is for
 * a selector or a response.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { read } from '@oneqr/qr';
import { useBundledWasm } from '@oneqr/qr/node';
import { decodeImage, renderPng } from '@oneqr/qr/symbols';
import { launchChromium } from './browser/chromium.ts';
import { fakeCameraArgs, writeQrVideo } from './browser/fake-camera.ts';
import { qrGif } from './browser/gif.ts';
import { ANH, BINH, startWebServer, type Credentials, type WebServer } from './browser/web-server.ts';

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
    expect(await axeProblems(page)).toEqual([]);
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

  it('scanner uploads: a GIF and a 12-megapixel JPEG photo (reduced before decoding), both read in one go', async () => {
    const context = await browser!.newContext({ viewport: MOBILE, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await signIn(page, '/scanner/sign-in', server.scanner);
      await page.waitForSelector('#upload');
      // The photo: the code drawn eight times larger on a 4000 × 3000 canvas, saved as JPEG.
      const jpeg = await page.evaluate(
        async (b64) => {
          const img = new Image();
          img.src = `data:image/png;base64,${b64}`;
          await img.decode();
          const canvas = new OffscreenCanvas(4000, 3000);
          const ctx = canvas.getContext('2d')!;
          ctx.fillStyle = '#f4f1ea';
          ctx.fillRect(0, 0, 4000, 3000);
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(img, 900, 500, img.width * 8, img.height * 8);
          const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let s = '';
          for (const c of bytes) s += String.fromCharCode(c);
          return btoa(s);
        },
        Buffer.from(renderPng(CCCD_ANH, { scale: 4 })).toString('base64'),
      );
      await page.setInputFiles('#upload', [
        { name: 'card.gif', mimeType: 'image/gif', buffer: qrGif(CCCD_ANH, 4) },
        { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') },
      ]);
      await page.waitForSelector('.scanner-inputs [role="status"]:has-text("2 mã")');
      await page.waitForFunction(() => document.querySelectorAll('.earlier li').length >= 1);
      expect(await page.textContent('.scanner-result [data-field="name"] dd')).toContain('Ánh');
      await shot(page, '00-scanner-upload-gif-jpeg');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('scanner camera with recording on: the code held in front of the camera is one check-in, sent at once', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'oneqr-consoles-'));
    const video = path.join(tmp, 'cccd.y4m');
    await writeQrVideo(video, CCCD_ANH);
    const camera = await launchChromium(fakeCameraArgs(video));
    try {
      const token = await server.tokenFor(server.venueOwner);
      const count = async () =>
        (
          (await (
            await fetch(
              `${server.base}/v1/venues/${server.venueId}/checkins?day=${vietnamToday()}&limit=1000`,
              {
                headers: { authorization: `Bearer ${token}` },
              },
            )
          ).json()) as { entries: unknown[] }
        ).entries.length;
      const before = await count();
      const context = await camera.newContext({ viewport: MOBILE, deviceScaleFactor: 1 });
      // Recording switched on before the page opens (as a device left in check-in mode).
      await context.addInitScript(() =>
        localStorage.setItem('oneqr.scanner.checkins', JSON.stringify({ on: true, direction: 'in' })),
      );
      const page = await context.newPage();
      await signIn(page, '/scanner/sign-in', server.scanner);
      await page.waitForSelector('.scanner-result [data-outcome="answer"]');
      await page.waitForSelector('[data-testid="checkins-sent"][data-sent="1"]');
      expect(await page.getAttribute('[data-testid="checkins-pending"]', 'data-pending')).toBe('0');
      expect(await count()).toBe(before + 1);
      await shot(page, '00-scanner-camera-check-in');
      await context.close();
    } finally {
      await camera.close();
      await rm(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it('venue console: the live list, occupancy, history, chart and CSV of the scanned venue; register a venue whose poster renders and decodes', async () => {
    const context = await browser!.newContext({
      viewport: { width: 1024, height: 1400 },
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      // What the platform holds for the fixture's venue (the scanner test stored three entries).
      const token = await server.tokenFor(server.venueOwner);
      const day = vietnamToday();
      const stored = (
        (await (
          await fetch(`${server.base}/v1/venues/${server.venueId}/checkins?day=${day}&limit=1000`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { entries: { direction: string; at: string }[] }
      ).entries;
      const ins = stored.filter((e) => e.direction === 'in').length;
      const { inside } = (await (
        await fetch(`${server.base}/v1/venues/${server.venueId}/occupancy`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { inside: number };
      expect(inside).toBe(1); // one person, entered three times

      await signIn(page, '/venue/sign-in', server.venueOwner);
      await page.waitForSelector(`.venue-detail[data-venue-id="${server.venueId}"]`);
      await page.waitForSelector(`[data-testid="occupancy"][data-inside="${inside}"]`);
      await page.waitForSelector(`[data-testid="history"][data-rows="${stored.length}"]`);
      if (stored.length > 0) {
        expect(await page.locator('[data-testid="live-list"] li').count()).toBe(Math.min(20, stored.length));
        // The person is masked as the platform gives it: never the full number.
        expect(await page.textContent('main')).not.toContain(ANH.idNumber);
      }
      const bars = await page.$$eval('[data-chart="visitors-per-hour"] [data-bar]', (els) =>
        els.reduce((n, e) => n + Number(e.getAttribute('data-value')), 0),
      );
      expect(bars).toBe(ins);
      await page.waitForSelector('img.venue-poster');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '03-venue-console');

      // Direction filter, then the CSV export of what is shown.
      await page.selectOption('#history-direction', 'out');
      await page.waitForSelector('[data-testid="history-empty"], [data-testid="history"]');
      await page.selectOption('#history-direction', '');
      await page.waitForSelector(`[data-testid="history"][data-rows="${stored.length}"]`);
      const download = page.waitForEvent('download');
      await page.click('#export-csv');
      const file = await (await download).path();
      const csv = (await readFile(file, 'utf8')).trim().split(/\r?\n/);
      expect(csv[0]).toBe('event_id,direction,at,server_at,person,source');
      expect(csv).toHaveLength(stored.length + 1);

      // The poster as PDF too (the platform's print-ready file).
      const pdfDownload = page.waitForEvent('download');
      await page.click('#poster-pdf');
      const pdfBytes = await readFile(await (await pdfDownload).path());
      expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // Register a new venue: it is selected, and its poster renders and decodes to its venue QR.
      await page.fill('#venue-name', 'Quán cà phê Biển Xanh');
      await page.fill('#venue-address', '20 Trần Phú, Nha Trang');
      await page.selectOption('#venue-province', '56');
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/v1/venues') && r.request().method() === 'POST',
      );
      await page.click('form:has(#venue-name) button[type="submit"]');
      const venue = (await (await created).json()) as { id: string; qrPayload: string };
      await page.waitForSelector(`.venue-detail[data-venue-id="${venue.id}"] img.venue-poster`);
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('img.venue-poster');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      await page.waitForSelector('[data-testid="history-empty"]');
      const poster = await page.locator('img.venue-poster').screenshot({
        path: path.join(ARTIFACTS, '04-venue-poster.png'),
      });
      expect(await decodeImage(poster)).toEqual([venue.qrPayload]);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '05-venue-registered');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('authority console: find a person, confirm the case, its exposures on a timeline; review a doubtful dose record; the charts', async () => {
    // Bình (the F0) and Ánh were at the venue 20 and 10 minutes ago (venue staff, through the API).
    const staff = await server.tokenFor(server.scanner);
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const res = await fetch(`${server.base}/v1/checkins/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          { eventId: 'authority-binh-1', direction: 'in', at: ago(20), personCode: BINH.idNumber },
          { eventId: 'authority-anh-1', direction: 'in', at: ago(10), personCode: ANH.idNumber },
        ],
      }),
    });
    expect(((await res.json()) as { rejected: number; results: unknown[] }).rejected).toBe(0);

    const context = await browser!.newContext({
      viewport: { width: 1024, height: 1200 },
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await signIn(page, '/authority/sign-in', server.healthOfficer);
      await page.waitForSelector('#person-id');
      expect(await axeProblems(page)).toEqual([]);
      await page.fill('#person-id', BINH.idNumber);
      await page.click('form:has(#person-id) button[type="submit"]');
      await page.waitForSelector(`.person-card[data-person="${BINH.idNumber}"]`);
      expect(await page.textContent('#person-title')).toBe(BINH.fullName);
      expect(await page.textContent('[data-testid="case-status"]')).toBe('none');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '06-authority-person');

      await page.click('#confirm-case');
      await page.waitForSelector('[data-testid="case-confirmed"]');
      const timeline = await page.waitForSelector('.exposure-timeline');
      expect(Number(await timeline.getAttribute('data-exposures'))).toBe(1);
      const entry = (await page.textContent(`.timeline li[data-exposure="${server.venueId}"]`)) ?? '';
      // Ánh, masked, at the venue: the one person who shared it with Bình.
      expect(entry).toContain('******012345');
      expect(entry).toContain(server.venueId);
      expect(await page.textContent('.exposure-timeline')).not.toContain(ANH.idNumber);
      expect(await page.locator('.timeline-strip rect.bar').count()).toBe(1);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '07-authority-exposure-timeline');

      // The linkage review queue: the site's record beside its candidate; accept links it.
      await page.click('a[href="/authority/linkage"]');
      const card = await page.waitForSelector('.review-card[data-record="r-1"]');
      expect(await card.$eval(`[data-candidate="${ANH.idNumber}"]`, (e) => e.textContent)).toContain('exact');
      // The candidate's registry record beside the site's, on request.
      await page.click(`[data-show-registry="${ANH.idNumber}"]`);
      await page.waitForSelector(`[data-registry="${ANH.idNumber}"]`);
      expect(await page.textContent(`[data-registry="${ANH.idNumber}"]`)).toContain(ANH.fullName);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '08-authority-linkage-review');
      await page.click('.review-card[data-record="r-1"] button.accept');
      await page.waitForSelector('[data-testid="queue-empty"]');
      await page.waitForSelector('[data-testid="review-done"]');

      // Charts: coverage by province, check-ins per hour, linkage categories.
      await page.click('a[href="/authority/reports"]');
      await page.waitForSelector('[data-chart="coverage"] [data-bar="Khánh Hòa"]');
      // Ánh has completed her primary series, Bình has no dose: 50 % of Khánh Hòa's registered.
      expect(await page.getAttribute('[data-chart="coverage"] [data-bar="Khánh Hòa"]', 'data-value')).toBe(
        '50',
      );
      await page.waitForSelector('[data-chart="checkins-per-hour"]');
      const hourly = await page.$$eval('[data-chart="checkins-per-hour"] [data-bar]', (els) =>
        els.reduce((n, e) => n + Number(e.getAttribute('data-value')), 0),
      );
      const day = vietnamToday();
      const officer = await server.tokenFor(server.healthOfficer);
      const expected = (
        (await (
          await fetch(`${server.base}/v1/checkins/report/hourly?day=${day}`, {
            headers: { authorization: `Bearer ${officer}` },
          })
        ).json()) as { hours: number[] }
      ).hours.reduce((a, b) => a + b, 0);
      // The same day's figures as the API's (the events above may fall on yesterday near midnight).
      expect(hourly).toBe(expected);
      await page.waitForSelector('[data-chart="linkage-categories"] [data-bar]');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '09-authority-reports');

      // English one tap away.
      await page.click('.lang-switch');
      await page.waitForSelector('html[lang="en"]');
      await page.waitForSelector('h1:has-text("Charts")');
      await shot(page, '10-authority-reports-en');
      await page.click('.lang-switch');
      await page.waitForSelector('html[lang="vi"]');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('citizen: my check-ins, the exposure notification from the confirmed case, the vaccine passport (11 fields, HC1 QR decodes), a declaration with per-field errors and its QR', async () => {
    const context = await browser!.newContext({ viewport: MOBILE, deviceScaleFactor: 2, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      const before = server.sent.length;
      await page.goto(`${server.base}/citizen/sign-in`);
      await page.fill('#phone', ANH.phone);
      await page.click('button[type="submit"]');
      await page.waitForSelector('#otp');
      await page.fill('#otp', server.sent[before]!.code);
      await page.click('button[type="submit"]');
      await page.waitForSelector('#idNumber');
      await page.fill('#idNumber', ANH.idNumber);
      await page.fill('#fullName', ANH.fullName);
      await page.fill('#birthDate', ANH.birthDate);
      await page.click('button[type="submit"]');
      await page.waitForSelector('.qr-symbol');

      // My check-ins: what the scanner stored for her, newest first, at the venue by name.
      await page.click('a[href="/citizen/check-ins"]');
      const list = await page.waitForSelector('.my-checkins');
      expect(Number(await list.getAttribute('data-count'))).toBeGreaterThanOrEqual(4);
      expect(await page.textContent('.my-checkins li')).toContain('Cửa hàng Hoa Sữa');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '11-citizen-check-ins');

      // Notifications: the exposure alert queued when the authority confirmed Bình's case.
      await page.goto(`${server.base}/citizen/notifications`);
      await page.waitForSelector(`.notification[data-kind="exposure"] [data-venue="${server.venueId}"]`);
      expect(await page.textContent('main')).not.toContain(BINH.idNumber);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '12-citizen-notifications');

      // The vaccine passport: none yet, issued on request; the 11 fields and the HC1 QR.
      await page.goto(`${server.base}/citizen/passport`);
      await page.waitForSelector('#issue-passport');
      const issued = page.waitForResponse(
        (r) => r.url().endsWith('/v1/me/passport') && r.request().method() === 'POST',
      );
      await page.click('#issue-passport');
      const passport = (await (await issued).json()) as { hc1: string; fields: unknown[] };
      expect(passport.hc1.startsWith('HC1:')).toBe(true);
      await page.waitForSelector('.passport-fields[data-fields="11"]');
      expect(await page.locator('.passport-fields dd').count()).toBe(11);
      const qr = await page
        .locator('.passport-qr')
        .screenshot({ path: path.join(ARTIFACTS, '13-passport-qr.png') });
      expect(await decodeImage(qr)).toEqual([passport.hc1]);
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '14-citizen-passport');

      // Declarations: the forms drawn from the platform's definitions; a bad plate is refused
      // beside its field, a declaration for someone not registered under her QID beside the ID
      // field; fixed, the movement declaration is listed and its QR decodes to a declaration.
      await page.goto(`${server.base}/citizen/declarations`);
      await page.waitForSelector('.declaration-form[data-form="health"] [data-field="symptoms"]');
      expect(await axeProblems(page)).toEqual([]);
      await page.check('input[name="declaration-form"][value="movement"]');
      await page.waitForSelector('.declaration-form[data-form="movement"]');
      await page.selectOption('#field-fromProvince', '79');
      await page.selectOption('#field-toProvince', '56');
      await page.fill('#field-date', vietnamToday());
      await page.selectOption('#field-vehicleType', 'car');
      await page.fill('#field-plate', 'ABC');
      await page.click('#submit-declaration');
      const plateError = await page.waitForSelector('[data-field-error="plate"][data-code="FIELD_FORMAT"]');
      expect(await plateError.textContent()).toBe('Chưa đúng định dạng.');
      expect(await page.getAttribute('#field-plate', 'aria-describedby')).toBe('err-plate');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '15-citizen-declaration-field-error');

      await page.fill('#field-plate', '51B-123.45');
      await page.fill('#on-behalf', BINH.idNumber);
      await page.click('#submit-declaration');
      await page.waitForSelector(
        '[data-field-error="idNumber"][data-code="DECLARATIONS_ON_BEHALF_FORBIDDEN"]',
      );
      expect(await page.locator('[data-field-error="plate"]').count()).toBe(0);

      await page.fill('#on-behalf', '');
      const declared = page.waitForResponse(
        (r) => r.url().endsWith('/v1/me/declarations') && r.request().method() === 'POST',
      );
      await page.click('#submit-declaration');
      const response = await declared;
      expect(response.status(), await response.text()).toBe(201);
      const declaration = (await response.json()) as { id: string; qr: { payload: string } };
      await page.waitForSelector(
        `.my-declarations li[data-declaration="${declaration.id}"][data-form="movement"]`,
      );
      const declarationQr = await page
        .locator('.declaration-qr')
        .screenshot({ path: path.join(ARTIFACTS, '16-declaration-qr.png') });
      const decoded = await decodeImage(declarationQr);
      expect(decoded).toEqual([declaration.qr.payload]);
      expect((await read(decoded[0]!)).kind).toBe('declaration');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '17-citizen-declarations');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
