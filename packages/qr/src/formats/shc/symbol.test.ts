/**
 * The QR-structure rules of SMART Health Cards, from the decoded symbol: cards signed here are
 * drawn as PNGs with chosen segments and versions (qrcode), decoded by the real zxing-cpp reader
 * (`decodeImageSymbols`), and read with the symbol in the context.
 */
import QRCode, { type QRCodeSegment } from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { read } from '../../read.ts';
import { useBundledWasm } from '../../node/index.ts';
import { decodeImageSymbols } from '../../symbols/index.ts';
import { shcKeySourceFromJwks } from './key-source.ts';
import { makeShcIssuer, shcNumeric, shcPayload, type TestShcIssuer } from './testing.ts';

const ISS = 'https://issuer.example.vn/shc';
const AT = new Date('2024-01-01T00:00:00Z');
let issuer: TestShcIssuer;
let text: string;

beforeAll(async () => {
  await useBundledWasm();
  issuer = await makeShcIssuer();
  text = shcNumeric(await issuer.sign(shcPayload(ISS)));
});

type Segment = { data: string; mode: 'byte' | 'numeric' | 'alphanumeric' };
const toQr = (s: Segment): QRCodeSegment =>
  s.mode === 'byte'
    ? { data: new TextEncoder().encode(s.data), mode: 'byte' }
    : { data: s.data, mode: s.mode };
async function scanned(segments: Segment[], version?: number) {
  const png = await QRCode.toBuffer(segments.map(toQr), {
    errorCorrectionLevel: 'L',
    ...(version && { version }),
  });
  const [found] = await decodeImageSymbols(new Uint8Array(png));
  expect(found!.text.toLowerCase()).toBe(text.toLowerCase());
  const r = await read(found!.text, {
    symbol: found!.symbol,
    shcKeys: shcKeySourceFromJwks(ISS, { keys: [issuer.jwk] }),
    at: AT,
  });
  return { symbol: found!.symbol, state: r.signature.state, warnings: r.warnings.map((w) => w.code) };
}

describe('SHC QR structure, from the decoded symbol', () => {
  it('a byte segment (shc:/) then a numeric one, version ≤ 22: no warning', async () => {
    const r = await scanned([
      { data: 'shc:/', mode: 'byte' },
      { data: text.slice(5), mode: 'numeric' },
    ]);
    expect(r.symbol.segments).toEqual([
      { mode: 'byte', count: 5 },
      { mode: 'numeric', count: text.length - 5 },
    ]);
    expect(r.symbol.version).toBeLessThanOrEqual(22);
    expect([r.state, r.warnings]).toEqual(['valid', []]);
  });

  it('one byte segment for everything, or an alphanumeric prefix: SHC_QR_SEGMENTS', async () => {
    const bytes = await scanned([{ data: text, mode: 'byte' }]);
    expect(bytes.symbol.segments).toEqual([{ mode: 'byte', count: text.length }]);
    // Byte mode needs a larger symbol: this one is past version 22 as well.
    expect([bytes.state, bytes.warnings]).toEqual(['valid', ['SHC_QR_VERSION', 'SHC_QR_SEGMENTS']]);
    const alnum = await scanned([
      { data: 'SHC:/', mode: 'alphanumeric' },
      { data: text.slice(5), mode: 'numeric' },
    ]);
    expect([alnum.state, alnum.warnings]).toEqual(['valid', ['SHC_QR_SEGMENTS']]);
  });

  it('a version above 22: SHC_QR_VERSION', async () => {
    const r = await scanned(
      [
        { data: 'shc:/', mode: 'byte' },
        { data: text.slice(5), mode: 'numeric' },
      ],
      23,
    );
    expect([r.symbol.version, r.warnings]).toEqual([23, ['SHC_QR_VERSION']]);
  });

  it('one QR holding more than 1195 JWS characters: SHC_CHUNK_SIZE (with the symbol only)', async () => {
    // Incompressible filler makes the JWS long.
    const filler = Array.from(crypto.getRandomValues(new Uint8Array(900)), (b) => b.toString(36)).join('');
    const big = shcNumeric(await issuer.sign({ ...shcPayload(ISS), filler }));
    expect((big.length - 5) / 2).toBeGreaterThan(1195);
    const symbol = {
      version: 22,
      ecLevel: 'L',
      segments: [
        { mode: 'byte' as const, count: 5 },
        { mode: 'numeric' as const, count: big.length - 5 },
      ],
    };
    const keys = shcKeySourceFromJwks(ISS, { keys: [issuer.jwk] });
    expect((await read(big, { symbol, shcKeys: keys, at: AT })).warnings.map((w) => w.code)).toEqual([
      'SHC_CHUNK_SIZE',
    ]);
    // Without a symbol the text may be a reassembled multi-QR card: not judged.
    expect((await read(big, { shcKeys: keys, at: AT })).warnings).toEqual([]);
  });
});
