/**
 * Camera scanning: getUserMedia (the back camera on phones), each new video frame drawn to a
 * canvas and decoded, one frame at a time (frames that arrive while one decodes are skipped, so a
 * slow phone never queues up). Reports when the first frame was decoded ("scan-ready") and how
 * many frames were, for the benchmark.
 */
import { decodeRgba } from './decoder.ts';

export interface CameraStats {
  /** performance.now() when the first frame finished decoding; undefined until then. */
  readyAt: number | undefined;
  framesDecoded: number;
  /** performance.now() of the first and latest decoded frame. */
  firstAt: number | undefined;
  lastAt: number | undefined;
}

export interface CameraScan {
  stop(): void;
  stats: CameraStats;
}

/** Longest side of the frame handed to the decoder: QR codes on a phone screen need no more. */
const FRAME_MAX_SIDE = 960;

export async function startCamera(
  video: HTMLVideoElement,
  onCodes: (codes: string[]) => void,
  onStats: (stats: CameraStats) => void = () => undefined,
): Promise<CameraScan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2d canvas');
  const stats: CameraStats = { readyAt: undefined, framesDecoded: 0, firstAt: undefined, lastAt: undefined };
  let stopped = false;
  let busy = false;

  const next = () => {
    if (stopped) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => void frame());
    else requestAnimationFrame(() => void frame());
  };

  async function frame(): Promise<void> {
    if (stopped) return;
    if (busy || video.videoWidth === 0) return next();
    busy = true;
    try {
      const f = Math.min(1, FRAME_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
      const w = Math.round(video.videoWidth * f);
      const h = Math.round(video.videoHeight * f);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      ctx!.drawImage(video, 0, 0, w, h);
      const img = ctx!.getImageData(0, 0, w, h);
      const codes = await decodeRgba(img.data, w, h);
      const t = performance.now();
      stats.framesDecoded++;
      stats.firstAt ??= t;
      stats.readyAt ??= t;
      stats.lastAt = t;
      onStats(stats);
      if (codes.length > 0 && !stopped) onCodes(codes);
    } catch {
      // One bad frame is not fatal: try the next one.
    } finally {
      busy = false;
      next();
    }
  }
  next();

  return {
    stats,
    stop() {
      stopped = true;
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}
