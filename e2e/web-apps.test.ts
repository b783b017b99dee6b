/**
 * The web apps end to end in real Chromium against a real server (issue 10 acceptance):
 * a citizen signs in through app A (PC-Covid) and sees My QR; a screenshot of the page decodes,
 * with our decoder and with zbar, to exactly the issued text; the mask toggle hides and shows the
 * number and date. That screenshot becomes app B's (VNeID) scanner camera, which shows the right
 * colour and only the venue-staff fields; a keyboard-wedge CCCD with diacritics and an uploaded
 * WebP with two codes work; axe finds no serious violation on any page. Screenshots are saved
 * under e2e/artifacts/ (git-ignored). No sleeps: every wait is for a selector or an event.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { maskFullName } from '@oneqr/qr';
import { useBundledWasm } from '@oneqr/qr/node';
import { decodeImage, renderPng } from '@oneqr/qr/symbols';
import { launchChromium } from './browser/chromium.ts';
import { fakeCameraArgs } from './browser/fake-camera.ts';
import { writeY4mFromPng } from './browser/y4m.ts';
import { ANH, startWebServer, type WebServer } from './browser/web-server.ts';
import { zbarWasmDecode } from '../packages/qr/test/symbols/zbar.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, 'artifacts/web');
const CCCD_ANH = `${ANH.idNumber}||${ANH.fullName}|12051990|Nữ|12 Trần Phú, Phường Lộc Thọ, TP Nha Trang, Khánh Hòa|01012021`;
const MOBILE = { width: 412, height: 915 };

/** Serious or critical axe findings on the page, as "rule: target" lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

async function shot(page: Page, name: string): Promise<Buffer> {
  const png = await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  return png;
}

describe('web apps in Chromium', () => {
  let server: WebServer;
  let base = '';
  let tmp = '';
  let browserA: Browser | undefined;
  let browserB: Browser | undefined;
  // Filled by the citizen test, used by the scanner test.
  let issuedPayload = '';
  let qrScreenshot: Buffer | undefined;

  beforeAll(async () => {
    [server] = await Promise.all([startWebServer(), useBundledWasm(), mkdir(ARTIFACTS, { recursive: true })]);
    base = server.base;
    tmp = await mkdtemp(path.join(os.tmpdir(), 'oneqr-web-'));
    browserA = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browserA?.close();
    await browserB?.close();
    await server?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('app A (PC-Covid): sign in by phone and code, link, My QR decodes to the issued text, mask toggles, pages pass axe', async () => {
    const context = await browserA!.newContext({ viewport: MOBILE, deviceScaleFactor: 1, locale: 'vi-VN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${base}/`);
      await page.waitForSelector('main[data-page-ready="yes"] .choices');
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '01-home');

      await page.click('a.choice[href="/citizen/sign-in"]');
      await page.waitForSelector('#phone');
      expect(await page.isChecked('input[name="app"][value="pc-covid"]')).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.fill('#phone', '0912 345 678');
      await page.click('button[type="submit"]');
      await page.waitForSelector('#otp');
      expect(server.sent.map((m) => m.phone)).toEqual(['0912345678']);
      await shot(page, '02-sign-in-code');
      await page.fill('#otp', server.sent[0]!.code);
      await page.click('button[type="submit"]');

      await page.waitForSelector('#idNumber');
      expect(await axeProblems(page)).toEqual([]);
      await page.fill('#idNumber', ANH.idNumber);
      await page.fill('#fullName', 'nguyen thi anh');
      await page.fill('#birthDate', ANH.birthDate);
      await shot(page, '03-link');
      const issued = page.waitForResponse(
        (r) => r.url().endsWith('/v1/me/personal-qr') && r.status() === 200,
      );
      await page.click('button[type="submit"]');
      issuedPayload = ((await (await issued).json()) as { payload: string }).payload;
      expect(issuedPayload.startsWith(`${ANH.idNumber}|NGUYEN THI ANH|${ANH.birthDate}|0|`)).toBe(true);

      await page.waitForSelector('.qr-symbol');
      await page.waitForSelector('.colour-card[data-colour]');
      await page.waitForSelector('#qr-doc');
      expect(await page.getAttribute('.colour-card', 'data-colour')).toBe('green');
      expect(await page.isVisible('.app-brand.brand-pc-covid')).toBe(true);
      // Masked by default (SPEC §2): first six characters, day and month hidden.
      expect(await page.textContent('#qr-doc')).toBe('******012345');
      expect(await page.textContent('#qr-dob')).toBe('1990-**-**');
      expect(await page.textContent('main')).not.toContain(ANH.idNumber);
      expect(await axeProblems(page)).toEqual([]);
      qrScreenshot = await shot(page, '04-my-qr');

      // The screenshot decodes, with our decoder and with zbar, to exactly the issued text.
      expect(await decodeImage(qrScreenshot)).toEqual([issuedPayload]);
      expect(await zbarWasmDecode(qrScreenshot)).toEqual([issuedPayload]);

      await page.click('#mask-toggle');
      await page.waitForSelector('#mask-toggle[aria-pressed="true"]');
      expect(await page.textContent('#qr-doc')).toBe(ANH.idNumber);
      expect(await page.textContent('#qr-dob')).toBe(ANH.birthDate);
      await shot(page, '05-my-qr-full');
      await page.click('#mask-toggle');
      await page.waitForSelector('#mask-toggle[aria-pressed="false"]');
      expect(await page.textContent('#qr-doc')).toBe('******012345');
      expect(await page.textContent('#qr-dob')).toBe('1990-**-**');

      // Print view: the symbol at 5 × 5 cm (96 CSS px per inch).
      await page.click('a[href="/citizen/qr/print"]');
      const box = await (await page.waitForSelector('.qr-print')).boundingBox();
      expect(Math.round(box!.width)).toBe(Math.round((5 / 2.54) * 96));
      expect(Math.round(box!.height)).toBe(Math.round((5 / 2.54) * 96));
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '06-print');

      // Who read my data: the link, the issue and the colour card, in plain words.
      await page.goto(`${base}/citizen/access-log`);
      await page.waitForSelector('.access-entry');
      const log = await page.textContent('.access-log');
      expect(log).toContain('liên kết tài khoản với hồ sơ dân cư');
      expect(log).toContain('cấp mã QR cá nhân');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '07-access-log');

      // Declarations: the forms drawn from the server's definitions (web-consoles submits them).
      await page.goto(`${base}/citizen/declarations`);
      await page.waitForSelector('.declaration-form[data-form="health"]');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '08-declarations');

      // English one tap away.
      await page.click('.lang-switch');
      await page.waitForSelector('html[lang="en"]');
      await page.waitForSelector('h1:has-text("Declarations")');
      await page.click('.lang-switch');
      await page.waitForSelector('html[lang="vi"]');

      // Offline once loaded: the service worker serves the shell, the QR comes from the device.
      await page.goto(`${base}/citizen/qr`);
      await page.waitForSelector('.qr-symbol');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await context.setOffline(true);
      await page.reload();
      await page.waitForSelector('.qr-symbol');
      await page.waitForSelector('p.stale[role="status"]');
      expect(await decodeImage(await shot(page, '09-my-qr-offline'))).toEqual([issuedPayload]);
      await context.setOffline(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('app B (VNeID) venue scanner: the screenshot as its camera shows green and only the venue-staff fields; wedge CCCD with diacritics; a WebP with two codes', async () => {
    if (!qrScreenshot) throw new Error('the citizen test did not produce a screenshot');
    const video = path.join(tmp, 'my-qr.y4m');
    await writeY4mFromPng(qrScreenshot, video);
    browserB = await launchChromium(fakeCameraArgs(video));
    const context = await browserB.newContext({ viewport: MOBILE, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${base}/scanner/sign-in`);
      await page.waitForSelector('#client-id');
      expect(await axeProblems(page)).toEqual([]);
      await page.fill('#client-id', server.scanner.clientId);
      await page.fill('#client-secret', server.scanner.clientSecret);
      await page.click('button[type="submit"]');

      // The fake camera shows app A's page: the scanner decodes it and asks the platform.
      const result = await page.waitForSelector('.scanner-result [data-outcome="answer"]');
      expect(await result.getAttribute('data-colour')).toBe('green');
      const fields = await page.$$eval('.scanner-result [data-field]', (els) =>
        els.map((e) => [e.getAttribute('data-field'), e.querySelector('dd')?.textContent]),
      );
      // Venue staff see the name (middle names as initials) and the colour: nothing else.
      expect(fields).toEqual([['name', maskFullName('NGUYEN THI ANH')]]);
      const text = (await page.textContent('main')) ?? '';
      expect(text).not.toContain(ANH.idNumber);
      expect(text).not.toContain(ANH.birthDate);
      expect(text).not.toContain('12051990');
      await page.waitForSelector('[data-testid="trust-age"]:not(:has-text("Chưa"))');
      expect(await axeProblems(page)).toEqual([]);
      await shot(page, '10-scanner-camera');
      expect(Number(await page.getAttribute('video.camera', 'data-frames'))).toBeGreaterThan(0);

      // A keyboard-wedge reader types a CCCD card's text (with diacritics) and CR.
      await page.click('button:has-text("Tắt camera")');
      await page.focus('#wedge');
      await page.keyboard.type(CCCD_ANH);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.scanner-result [data-field="name"] dd:has-text("Ánh")');
      expect(await page.textContent('.scanner-result [data-field="name"] dd')).toBe(
        maskFullName(ANH.fullName),
      );
      expect(await page.textContent('[data-testid="shift"]')).toContain('2');
      await shot(page, '11-scanner-wedge-cccd');

      // An uploaded WebP (what chat apps save) holding two codes: both are read.
      const other = renderPng(CCCD_ANH, { scale: 4 });
      const webp = await page.evaluate(
        async ([a, b]) => {
          // An <img> (img-src allows data:); the page's CSP rightly refuses fetch() of a data: URL.
          const load = async (b64: string) => {
            const img = new Image();
            img.src = `data:image/png;base64,${b64}`;
            await img.decode();
            return createImageBitmap(img);
          };
          const [x, y] = await Promise.all([load(a), load(b)]);
          const canvas = new OffscreenCanvas(x.width + y.width + 40, Math.max(x.height, y.height) + 20);
          const ctx = canvas.getContext('2d')!;
          ctx.fillStyle = '#fff';
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.drawImage(x, 10, 10);
          ctx.drawImage(y, x.width + 30, 10);
          const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 1 });
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let s = '';
          for (const c of bytes) s += String.fromCharCode(c);
          return { type: blob.type, b64: btoa(s) };
        },
        [
          Buffer.from(renderPng(issuedPayload, { scale: 4 })).toString('base64'),
          Buffer.from(other).toString('base64'),
        ] as const,
      );
      expect(webp.type).toBe('image/webp');
      const webpBytes = Buffer.from(webp.b64, 'base64');
      await writeFile(path.join(ARTIFACTS, 'two-codes.webp'), webpBytes);
      await page.setInputFiles('#upload', {
        name: 'two-codes.webp',
        mimeType: 'image/webp',
        buffer: webpBytes,
      });
      await page.waitForSelector('.scanner-inputs [role="status"]:has-text("2 mã")');
      await page.waitForFunction(() => document.querySelectorAll('.earlier li').length >= 3);
      expect(await page.textContent('[data-testid="shift"]')).toContain('4');
      await shot(page, '12-scanner-upload');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
