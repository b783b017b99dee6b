/**
 * Test and benchmark helpers: a rendered symbol as raw RGBA pixels, the way a canvas or a camera
 * frame would hand it to `decodePixels`.
 */
import { QUIET_ZONE, qrMatrix } from '../../src/symbols/index.ts';

/** A raw RGBA image. */
export interface RgbaFrame {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * The symbol for `text`, quiet zone included, `scale` pixels per module, as an RGBA image
 * exactly the symbol's size.
 */
export function symbolPixels(text: string, scale = 4): RgbaFrame {
  const { size, modules } = qrMatrix(text);
  const side = (size + 2 * QUIET_ZONE) * scale;
  const frame = blank(side, side);
  paint(frame, size, modules, scale, 0, 0);
  return frame;
}

/**
 * A camera-like frame: the symbol (with its quiet zone) centred on a white `width`×`height`
 * canvas, about three quarters of the short side, whole pixels per module.
 *
 * @throws Error when the symbol cannot fit even at one pixel per module.
 */
export function makeFrame(text: string, width = 640, height = 480): RgbaFrame {
  const { size, modules } = qrMatrix(text);
  const n = size + 2 * QUIET_ZONE;
  const scale = Math.max(1, Math.floor((0.75 * Math.min(width, height)) / n));
  const side = n * scale;
  if (side > width || side > height)
    throw new Error(`makeFrame: a ${n}-module symbol does not fit ${width}×${height}`);
  const frame = blank(width, height);
  paint(frame, size, modules, scale, Math.floor((width - side) / 2), Math.floor((height - side) / 2));
  return frame;
}

function blank(width: number, height: number): RgbaFrame {
  return { rgba: new Uint8ClampedArray(width * height * 4).fill(255), width, height };
}

function paint(
  f: RgbaFrame,
  size: number,
  modules: Uint8Array,
  scale: number,
  left: number,
  top: number,
): void {
  for (let my = 0; my < size; my++) {
    for (let mx = 0; mx < size; mx++) {
      if (modules[my * size + mx] !== 1) continue;
      const x0 = left + (mx + QUIET_ZONE) * scale;
      const y0 = top + (my + QUIET_ZONE) * scale;
      for (let y = y0; y < y0 + scale; y++) {
        const row = y * f.width * 4;
        // Dark pixel: RGB 0, alpha stays 255.
        f.rgba.fill(0, row + x0 * 4, row + (x0 + scale) * 4);
        for (let x = x0; x < x0 + scale; x++) f.rgba[row + x * 4 + 3] = 255;
      }
    }
  }
}
