/**
 * A fake camera for browser tests: a Y4M (YUV4MPEG2) file that Chromium plays as the camera with
 * `--use-fake-device-for-media-stream --use-fake-ui-for-media-stream
 * --use-file-for-fake-video-capture=<file>` (see chromium.ts for the flags' check).
 */
import { writeFile } from 'node:fs/promises';
import { QUIET_ZONE, qrMatrix } from '@oneqr/qr/symbols';

/** Chromium's flags that turn `file` into the camera and grant the permission prompt. */
export function fakeCameraArgs(file: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${file}`,
  ];
}

/**
 * Writes a grey-scale Y4M video of `frames` identical frames showing the QR symbol of `text`
 * (quiet zone included) centred on white, about three quarters of the short side.
 */
export async function writeQrVideo(
  file: string,
  text: string,
  width = 640,
  height = 480,
  frames = 10,
): Promise<void> {
  const { size, modules } = qrMatrix(text);
  const n = size + 2 * QUIET_ZONE;
  const scale = Math.max(1, Math.floor((0.75 * Math.min(width, height)) / n));
  const [left, top] = [Math.floor((width - n * scale) / 2), Math.floor((height - n * scale) / 2)];
  const luma = Buffer.alloc(width * height, 255);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++) {
      if (!modules[r * size + c]) continue;
      for (let y = 0; y < scale; y++) {
        const row = (top + (r + QUIET_ZONE) * scale + y) * width + left + (c + QUIET_ZONE) * scale;
        luma.fill(0, row, row + scale);
      }
    }
  // 4:2:0: the two chroma planes at quarter size, neutral (128) for grey.
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
