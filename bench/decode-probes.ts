/**
 * Child-side frame loop for the decode benchmark: `decodePixels` on a 640×480 camera-like frame
 * holding the signed personal QR, interleaved with an all-white frame of the same size (the
 * fixed cost: scanning pixels that hold no symbol), so drift in machine load hits both alike.
 */
import { decodePixels } from '@oneqr/qr/symbols';
import { useBundledWasm } from '@oneqr/qr/node';
import { makeFrame, type RgbaFrame } from '../packages/qr/test/symbols/frames.ts';

export interface DecodeProbeInput {
  text: string;
  frames: number;
  warmup: number;
}

/** Per-frame wall-clock and CPU milliseconds. */
export interface DecodeSamples {
  signedWallMs: number[];
  signedCpuMs: number[];
  blankWallMs: number[];
  blankCpuMs: number[];
  width: number;
  height: number;
}

/** A white frame the size of {@link makeFrame}'s. */
export function blankFrame(width = 640, height = 480): RgbaFrame {
  return { rgba: new Uint8ClampedArray(width * height * 4).fill(255), width, height };
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timeOne(f: RgbaFrame, expect: string | null, wall: number[], cpu: number[]): Promise<void> {
  const w0 = performance.now();
  const c0 = cpuMs();
  const found = await decodePixels(f.rgba, f.width, f.height);
  cpu.push(cpuMs() - c0);
  wall.push(performance.now() - w0);
  const ok = expect === null ? found.length === 0 : found.length === 1 && found[0] === expect;
  if (!ok)
    throw new Error(
      `decodePixels: expected ${expect === null ? 'nothing' : 'the fixture'}, got ${JSON.stringify(found)}`,
    );
}

/** Decodes `warmup` then `frames` signed/blank frame pairs; returns the timed samples. */
export async function decodeFrames({ text, frames, warmup }: DecodeProbeInput): Promise<DecodeSamples> {
  await useBundledWasm();
  const signed = makeFrame(text);
  const blank = blankFrame(signed.width, signed.height);
  const s: DecodeSamples = {
    signedWallMs: [],
    signedCpuMs: [],
    blankWallMs: [],
    blankCpuMs: [],
    width: signed.width,
    height: signed.height,
  };
  for (let i = 0; i < warmup; i++) {
    await timeOne(signed, text, [], []);
    await timeOne(blank, null, [], []);
  }
  for (let i = 0; i < frames; i++) {
    await timeOne(signed, text, s.signedWallMs, s.signedCpuMs);
    await timeOne(blank, null, s.blankWallMs, s.blankCpuMs);
  }
  return s;
}
