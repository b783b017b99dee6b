/**
 * A tiny Y4M (YUV4MPEG2) writer: turns a PNG (e.g. a page screenshot) into a video of identical
 * grey-scale frames, which Chromium plays as the camera (fake-camera.ts has the flags). Luma is
 * BT.601 full range from the PNG's RGB (pngjs decodes it, not our code); chroma is neutral grey.
 */
import { writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';

export async function writeY4mFromPng(
  png: Uint8Array,
  file: string,
  frames = 10,
  fps = 10,
): Promise<{ width: number; height: number }> {
  const img = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  // 4:2:0 needs even dimensions: drop a last odd row or column.
  const width = img.width & ~1;
  const height = img.height & ~1;
  const luma = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * img.width + x) * 4;
      const a = img.data[i + 3]! / 255;
      // Transparent pixels count as white (a page background).
      const [r, g, b] = [0, 1, 2].map((k) => img.data[i + k]! * a + 255 * (1 - a)) as [
        number,
        number,
        number,
      ];
      luma[y * width + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return { width, height };
}
