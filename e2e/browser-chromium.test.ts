/**
 * The Chromium the browser tests run (browser/chromium.ts: Debian's when installed, else the npm
 * package's headless shell) starts here, and accepts the flags the web-app tests need: a Y4M file
 * with a QR symbol becomes the camera, and a frame grabbed from it in the page decodes to the text.
 * It draws Vietnamese text and form controls (the npm build aborted on them with no fonts).
 * `ONEQR_CHROMIUM=npm npx vitest run e2e/browser-chromium.test.ts e2e/web-apps.test.ts` runs
 * them on the npm build where Debian's is installed too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useBundledWasm } from '@oneqr/qr/node';
import { decodeImage } from '@oneqr/qr/symbols';
import { chromiumBinary, launchChromium } from './browser/chromium.ts';
import { fakeCameraArgs, writeQrVideo } from './browser/fake-camera.ts';

const TEXT =
  '079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';
const PAGE = 'https://oneqr.test/camera';
// Every letter Vietnamese writes beyond ASCII (NFC), both cases.
const VIETNAMESE_LOWER = 'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ';
const VIETNAMESE = [...VIETNAMESE_LOWER, ...VIETNAMESE_LOWER.toUpperCase()];

describe('Chromium for the browser tests', () => {
  let dir = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oneqr-camera-'));
    const video = path.join(dir, 'qr.y4m');
    await Promise.all([writeQrVideo(video, TEXT), useBundledWasm()]);
    browser = await launchChromium(fakeCameraArgs(video));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("is Debian's or the npm package's, and runs headless", async () => {
    const bin = await chromiumBinary();
    console.info(`[chromium] ${bin.source}: ${bin.executablePath}, version ${browser?.version()}`);
    expect(['debian', '@sparticuz/chromium', 'ONEQR_CHROMIUM']).toContain(bin.source);
    expect(browser?.version()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('plays a Y4M file as the camera: a grabbed frame shows the QR, which decodes to the text', async () => {
    if (browser === undefined) throw new Error('Chromium did not start (see the beforeAll error)');
    const page = await browser.newPage();
    try {
      await page.route('**/*', (route) =>
        route.request().url() === PAGE
          ? route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>camera</title>' })
          : route.abort(),
      );
      await page.goto(PAGE);
      const grabbed = await page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        const video = document.createElement('video');
        video.muted = true;
        video.srcObject = stream;
        await video.play();
        // Wait for a decoded frame rather than for a fixed time.
        await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
        const canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d')!.drawImage(video, 0, 0);
        const label = stream.getVideoTracks()[0]?.label ?? '';
        stream.getTracks().forEach((t) => t.stop());
        return { width: canvas.width, height: canvas.height, label, png: canvas.toDataURL('image/png') };
      });
      expect([grabbed.width, grabbed.height]).toEqual([640, 480]);
      expect(grabbed.label).toMatch(/qr\.y4m$/);
      const png = Uint8Array.from(Buffer.from(grabbed.png.replace(/^data:image\/png;base64,/, ''), 'base64'));
      expect(await decodeImage(png)).toEqual([TEXT]);
    } finally {
      await page.close();
    }
  });

  it('draws every Vietnamese letter with a real glyph, beside an input, a textarea and a select', async () => {
    if (browser === undefined) throw new Error('Chromium did not start (see the beforeAll error)');
    const bin = await chromiumBinary();
    const page = await browser.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    try {
      await page.setContent(
        `<!doctype html><meta charset="utf-8"><p id="name">${TEXT}</p>` +
          '<input value="Trần Thị Ánh"><textarea>Đường Lê Lợi</textarea><select><option>Nữ</option></select>',
      );
      // A letter no font has draws the "missing glyph" box; a Vietnamese letter drawn the same is
      // missing too. Two different unknown code points drawing alike shows the comparison works.
      const missing = await page.evaluate((letters) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 64;
        const g = canvas.getContext('2d', { willReadFrequently: true })!;
        const draw = (ch: string): string => {
          g.clearRect(0, 0, 64, 64);
          g.font = '40px sans-serif';
          g.fillText(ch, 8, 48);
          return g.getImageData(0, 0, 64, 64).data.join(',');
        };
        const box = draw('\u{10FFFD}');
        return { control: draw('\u{E123}') === box, letters: letters.filter((ch) => draw(ch) === box) };
      }, VIETNAMESE);
      expect(missing).toEqual({ control: true, letters: [] });

      const cdp = await page.context().newCDPSession(page);
      const { root } = await cdp.send('DOM.getDocument');
      await cdp.send('CSS.enable');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#name' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      console.info(
        `[chromium] ${bin.source} draws the name with ${fonts.map((f) => f.familyName).join(', ')}`,
      );
      // The npm build sees only the fonts its package brings (browser/chromium.ts), not the system's.
      if (bin.source === '@sparticuz/chromium') expect(fonts.map((f) => f.familyName)).toEqual(['Open Sans']);
      expect(await page.inputValue('input')).toBe('Trần Thị Ánh');
      expect(crashed).toBe(false);
    } finally {
      await page.close();
    }
  });
});
