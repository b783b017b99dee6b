/**
 * QR image decoding: milliseconds per 640×480 frame for `decodePixels` on the signed personal QR,
 * anchored on the same decoder scanning a blank frame of that size in the same child (the fixed
 * per-frame cost). `zbarimg` on the same frame as PNG is timed as an external reference.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFrame } from '../packages/qr/test/symbols/frames.ts';
import { runPinned } from './lib/pinned.ts';
import { encodeRgbaPng } from './lib/png.ts';
import { median, percentile } from './lib/stats.ts';
import { result, type Benchmark, type Context, type Result } from './lib/types.ts';
import { hasZbarimg, timeZbarimg } from './lib/zbarimg.ts';
import { blankFrame, type DecodeProbeInput, type DecodeSamples } from './decode-probes.ts';

const NAME = 'decode';
const PROBES = new URL('./decode-probes.ts', import.meta.url);

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export const decodeBenchmark: Benchmark = {
  name: NAME,
  description:
    'decodePixels ms per 640×480 frame (median, p95, frames/s) vs a blank frame; zbarimg reference',
  async run(ctx: Context): Promise<Result[]> {
    const input: DecodeProbeInput = {
      text: ctx.fixture.text,
      frames: ctx.quick ? 20 : 200,
      warmup: ctx.quick ? 3 : 20,
    };
    const { output: s, pinned } = await runPinned<DecodeSamples>(
      PROBES,
      'decodeFrames',
      input,
      ctx.environment.taskset,
    );
    const size = `${s.width}×${s.height}`;
    const extra = (detail: Result['detail']): { pinned: boolean; detail: Result['detail']; note?: string } =>
      pinned ? { pinned, detail } : { pinned, detail, note: 'not pinned: taskset unavailable' };
    const perSec = (ms: readonly number[]): number => (1000 * ms.length) / sum(ms);
    const frames = s.signedCpuMs.length;
    // Primary figures are CPU milliseconds (what a frame costs an otherwise idle core), like the
    // crypto rates; wall-clock figures, inflated by whatever else the machine runs, go in detail.
    const stat = (label: string, f: (ms: readonly number[]) => number, unit: string, digits = 3): Result =>
      result(
        NAME,
        `decodePixels ${size} signed personal QR, ${label}`,
        round(f(s.signedCpuMs), digits),
        unit,
        { name: `blank ${size} frame, ${label}`, value: round(f(s.blankCpuMs), digits), unit },
        extra({
          frames,
          wall: round(f(s.signedWallMs), digits),
          blankWall: round(f(s.blankWallMs), digits),
        }),
      );
    const results = [
      stat('median', median, 'ms/frame'),
      stat('p95', (ms) => percentile(ms, 95), 'ms/frame'),
      stat('throughput', perSec, 'frames/s', 1),
    ];
    results.push(await zbarReference(ctx, median(s.signedWallMs)));
    return results;
  },
};

/**
 * zbarimg on the same frame written as PNG, against our wall-clock median (zbarimg can only be
 * timed by the wall clock); a skipped row when zbarimg is absent.
 */
async function zbarReference(ctx: Context, oursMedianMs: number): Promise<Result> {
  const name = 'zbarimg -q --raw per call, INCLUDING process start (external reference)';
  const anchor = {
    name: 'decodePixels signed frame, WALL median',
    value: round(oursMedianMs),
    unit: 'ms/frame',
  };
  const pinned = ctx.environment.taskset;
  if (!hasZbarimg())
    return result(NAME, name, Number.NaN, 'ms/call', anchor, { pinned, note: 'skipped: zbarimg not found' });
  const dir = await mkdtemp(join(tmpdir(), 'oneqr-bench-'));
  try {
    const frame = makeFrame(ctx.fixture.text);
    const blank = blankFrame(frame.width, frame.height);
    const signedPng = join(dir, 'signed.png');
    const blankPng = join(dir, 'blank.png');
    await writeFile(signedPng, encodeRgbaPng(frame.rgba, frame.width, frame.height));
    await writeFile(blankPng, encodeRgbaPng(blank.rgba, blank.width, blank.height));
    const calls = ctx.quick ? 3 : 30;
    const signed = timeZbarimg(signedPng, calls, pinned);
    const empty = timeZbarimg(blankPng, calls, pinned);
    const detail = {
      calls,
      p95Ms: round(percentile(signed.wallMs, 95)),
      blankPngMedianMs: round(median(empty.wallMs)),
      readBack: signed.text === ctx.fixture.text,
    };
    const note = `wall clock, one zbarimg process per call${signed.text === ctx.fixture.text ? '' : '; WARNING: zbarimg output differs from the fixture'}`;
    return result(NAME, name, round(median(signed.wallMs)), 'ms/call', anchor, { pinned, detail, note });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
