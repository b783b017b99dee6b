/**
 * The Chromium the browser tests run (browser/chromium.ts: Debian's when installed, else the npm
 * package's headless shell) starts here, and accepts the flags the web-app tests need: a Y4M file
 * with a QR symbol becomes the camera, and a frame grabbed from it in the page decodes to the text.
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
});
