import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import { OneQRError } from '../../src/errors.ts';
import { crc32 } from '../../src/symbols/crc32.ts';
import { MAX_BYTES_ECC_M, QUIET_ZONE, qrMatrix, renderPng, renderSvg } from '../../src/symbols/index.ts';

const SAMPLE = '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';
const CCCD =
  '079201012345||Nguyễn Thị Ánh Tuyết|15062001|Nữ|12 Đường Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|20042021';

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OneQRError);
    expect((err as OneQRError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing thrown`);
}

describe('symbols: qrMatrix', () => {
  it('encodes the public sample at ECC M in byte mode: version 6 (92 bytes), 41 modules', () => {
    // 92 bytes in byte mode at M need version 6 (v5 holds 84); mixing numeric segments would fit
    // version 5, so this pins that byte mode is forced.
    const m = qrMatrix(SAMPLE);
    expect(new TextEncoder().encode(SAMPLE).length).toBe(92);
    expect(m.version).toBe(6);
    expect(m.size).toBe(17 + 4 * m.version);
    expect(m.modules).toHaveLength(m.size * m.size);
    expect([...new Set(m.modules)].sort()).toEqual([0, 1]);
    // Top-left finder pattern: a 7-module dark ring.
    for (let i = 0; i < 7; i++) {
      expect(m.modules[i]).toBe(1);
      expect(m.modules[i * m.size]).toBe(1);
    }
  });

  it('all-digit text stays in byte mode (a numeric segment would fit version 2)', () => {
    // 41 digits fit version 2-M numerically; as 41 bytes they need version 3.
    expect(qrMatrix('1'.repeat(41)).version).toBe(3);
  });

  it('holds 2331 UTF-8 bytes in version 40 and refuses 2332 with SYMBOL_TOO_LONG', () => {
    expect(qrMatrix('a'.repeat(MAX_BYTES_ECC_M)).version).toBe(40);
    expectCode(() => qrMatrix('a'.repeat(MAX_BYTES_ECC_M + 1)), 'SYMBOL_TOO_LONG');
    // Counted in UTF-8 bytes, not characters: 778 × 3 bytes.
    expectCode(() => qrMatrix('Ữ'.repeat(778)), 'SYMBOL_TOO_LONG');
  });

  it('refuses empty text with INPUT_EMPTY', () => {
    expectCode(() => qrMatrix(''), 'INPUT_EMPTY');
  });
});

describe('symbols: renderSvg', () => {
  it('is well-formed XML: one svg root, a rect and one path, balanced tags, escaped title', () => {
    const svg = renderSvg(CCCD, { title: 'Thẻ <CCCD> & "QR"\u0001' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
    expect(svg).toContain('shape-rendering="crispEdges"');
    expect(svg).toContain('<title>Thẻ &lt;CCCD&gt; &amp; &quot;QR&quot;</title>');
    expect(checkWellFormed(svg)).toEqual(['svg', 'title', 'rect', 'path']);
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  it('has viewBox size + 8 modules and pixel size n × moduleSize', () => {
    const { size } = qrMatrix(CCCD);
    const n = size + 2 * QUIET_ZONE;
    const svg = renderSvg(CCCD, { moduleSize: 3 });
    expect(svg).toContain(`viewBox="0 0 ${n} ${n}"`);
    expect(svg).toContain(`width="${n * 3}" height="${n * 3}"`);
    expect(renderSvg(CCCD)).toContain(`width="${n * 8}"`);
  });

  it('its path draws exactly the dark modules, offset by the quiet zone', () => {
    const { size, modules } = qrMatrix(SAMPLE);
    const d = /<path fill="#000" d="([^"]+)"/.exec(renderSvg(SAMPLE))?.[1] ?? '';
    const drawn = new Uint8Array(size * size);
    for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
      for (let i = 0; i < Number(w); i++)
        drawn[(Number(y) - QUIET_ZONE) * size + Number(x) - QUIET_ZONE + i]! += 1;
    }
    expect(d.replace(/M\d+ \d+h(\d+)v1h-\1z/g, '')).toBe(''); // nothing else in the path
    expect(drawn).toEqual(modules);
  });

  it('rejects a bad moduleSize with SYMBOL_OPTION_INVALID', () => {
    for (const moduleSize of [0, -1, Number.NaN, Infinity, 1001]) {
      expectCode(() => renderSvg('x', { moduleSize }), 'SYMBOL_OPTION_INVALID');
    }
  });
});

describe('symbols: renderPng', () => {
  it('is a valid 1-bit grayscale PNG: signature, IHDR, chunk CRCs, IEND', () => {
    const { size } = qrMatrix(SAMPLE);
    const png = renderPng(SAMPLE, { scale: 5 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunks = readChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset, 13);
    const side = (size + 2 * QUIET_ZONE) * 5;
    expect(ihdr.getUint32(0)).toBe(side);
    expect(ihdr.getUint32(4)).toBe(side);
    expect([...chunks[0]!.data.subarray(8)]).toEqual([1, 0, 0, 0, 0]);
  });

  it('its pixels are the modules, scaled, with a white quiet zone', () => {
    const { size, modules } = qrMatrix(CCCD);
    const scale = 3;
    const png = renderPng(CCCD, { scale });
    const side = (size + 2 * QUIET_ZONE) * scale;
    const stride = 1 + Math.ceil(side / 8);
    const raw = unzlibSync(readChunks(png)[1]!.data);
    expect(raw).toHaveLength(stride * side);
    const dark = (x: number, y: number): number =>
      ((raw[y * stride + 1 + (x >> 3)]! >> (7 - (x & 7))) & 1) === 0 ? 1 : 0;
    for (let y = 0; y < side; y++) {
      expect(raw[y * stride]).toBe(0); // filter: none
      for (let x = 0; x < side; x++) {
        const mx = Math.floor(x / scale) - QUIET_ZONE;
        const my = Math.floor(y / scale) - QUIET_ZONE;
        const want = mx >= 0 && my >= 0 && mx < size && my < size ? modules[my * size + mx] : 0;
        if (dark(x, y) !== want) throw new Error(`pixel ${x},${y} is ${dark(x, y)}, want ${want}`);
      }
    }
  });

  it('defaults to 8 px per module and rejects a bad scale with SYMBOL_OPTION_INVALID', () => {
    const { size } = qrMatrix('x');
    const ihdr = readChunks(renderPng('x'))[0]!.data;
    expect(new DataView(ihdr.buffer, ihdr.byteOffset).getUint32(0)).toBe((size + 8) * 8);
    for (const scale of [0, 1.5, 33, -2, Number.NaN]) {
      expectCode(() => renderPng('x', { scale }), 'SYMBOL_OPTION_INVALID');
    }
  });

  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

/** Splits a PNG into chunks, checking each chunk's CRC. */
function readChunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  let pos = 8;
  while (pos < png.length) {
    const len = v.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    expect(v.getUint32(pos + 8 + len), `CRC of ${type}`).toBe(crc32(png.subarray(pos + 4, pos + 8 + len)));
    out.push({ type, data: png.subarray(pos + 8, pos + 8 + len) });
    pos += 12 + len;
  }
  expect(pos).toBe(png.length);
  return out;
}

/**
 * A strict check for the XML subset our SVG uses: elements with quoted attributes, text without
 * raw `<` or stray `&`, balanced tags. Returns element names in document order.
 */
function checkWellFormed(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = token.exec(xml)) !== null) {
    pos = token.lastIndex;
    const [, close, name, , selfClose, text] = m;
    if (text !== undefined) {
      expect(text.replace(/&(?:amp|lt|gt|quot|apos);/g, '')).not.toMatch(/[&>]/);
      expect(stack.length, 'text outside the root').toBeGreaterThan(0);
    } else if (close) {
      expect(stack.pop()).toBe(name);
    } else {
      if (stack.length === 0) expect(names, 'a second root').toEqual([]);
      names.push(name!);
      if (!selfClose) stack.push(name!);
    }
  }
  expect(pos, 'unparsed input').toBe(xml.length);
  expect(stack).toEqual([]);
  return names;
}
