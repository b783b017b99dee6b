/**
 * The QR decoder in the browser: zxing-cpp WebAssembly through @oneqr/qr/symbols, its .wasm
 * served by the platform (Vite emits it under /assets/), never fetched from a CDN.
 */
import { configureDecoder, decodePixels } from '@oneqr/qr/symbols';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let configured = false;

function ensure(): void {
  if (configured) return;
  configureDecoder({ wasmUrl });
  configured = true;
}

/** Texts of the QR symbols in RGBA pixels (a camera frame, an uploaded photo). */
export function decodeRgba(data: Uint8ClampedArray, width: number, height: number): Promise<string[]> {
  ensure();
  return decodePixels(data, width, height);
}

/** The longest side a still image is reduced to before decoding (a 12 Mpx photo takes seconds otherwise). */
export const MAX_SIDE = 2048;

/** Scale that brings `width × height` within MAX_SIDE (1 when it already fits). */
export function downscaleFactor(width: number, height: number, maxSide = MAX_SIDE): number {
  const side = Math.max(width, height);
  return side > maxSide ? maxSide / side : 1;
}

/**
 * Decodes every QR code in an image file the browser can open (PNG, JPEG, WebP, GIF: its own
 * decoders), reduced to at most MAX_SIDE pixels on the long side first.
 */
export async function decodeImageFile(file: Blob): Promise<string[]> {
  const bitmap = await createImageBitmap(file);
  try {
    const f = downscaleFactor(bitmap.width, bitmap.height);
    const w = Math.max(1, Math.round(bitmap.width * f));
    const h = Math.max(1, Math.round(bitmap.height * f));
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d canvas');
    // A white background first: transparent PNG/WebP pixels would otherwise read as black.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    const img = ctx.getImageData(0, 0, w, h);
    return await decodeRgba(img.data, w, h);
  } finally {
    bitmap.close();
  }
}
