/**
 * The venue poster as PDF: only the venue's managers get it; the page is A4 with the QR drawn
 * 150 × 150 mm; rendered by Ghostscript, the QR decodes (zxing-cpp) to the venue code; the
 * name, address and both languages' instructions are in the text with their diacritics, in the
 * embedded DejaVu font, with no glyph missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImageFile, useBundledWasm } from '@oneqr/qr/node';
import { buildTestApp, bearer, type TestApp } from '../platform/build.ts';
import { createIssuer } from '../../src/issuers/service.ts';
import { POSTER_TEXT } from '../../src/venues/poster.ts';
import { pdfObjects, pdfTextLines } from './pdf-text.ts';

const hasGs = (() => {
  try {
    execFileSync('gs', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasGs)
  console.warn('[oneqr] Ghostscript (gs) is not installed: the poster PDF is not rendered and decoded.');

const PHO = {
  id: 'pho-duc-5',
  name: 'Quán Phở Đức, P.5',
  address: '12 Nguyễn Trãi, Phường 5, Quận 5',
  provinceCode: '79',
};
// A long name of many stacked diacritics: set smaller, still one line.
const LONG = {
  id: 'long-1',
  name: 'Nhà hàng Hải sản Nguyễn Thị Hường – Chợ Bến Thành, Q.1',
  address: 'Lê Lợi',
  provinceCode: '79',
};

describe('sqlite: venue poster PDF', () => {
  let t: TestApp;
  let owner = '';
  let otherOwner = '';
  let staff = '';
  let qr = '';
  const get = (token: string | null, url: string) =>
    t.app.inject({ url, ...(token ? { headers: bearer(token) } : {}) });

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await createIssuer(
      t.store.db,
      { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'] },
      t.clock.now,
    );
    owner = (await t.login({ role: 'venue-owner', name: 'Đức' })).token;
    otherOwner = (await t.login({ role: 'venue-owner', name: 'other' })).token;
    for (const v of [PHO, LONG]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/venues',
        payload: v,
        headers: bearer(owner),
      });
      expect(res.statusCode, res.body).toBe(201);
      if (v === PHO) qr = res.json().qrPayload;
    }
    staff = (await t.login({ role: 'venue-staff', name: 's', venueId: PHO.id })).token;
  });
  afterAll(async () => t?.close());

  it("is refused to anyone but the venue's managers", async () => {
    expect((await get(null, `/v1/venues/${PHO.id}/poster.pdf`)).statusCode).toBe(401);
    const other = await get(otherOwner, `/v1/venues/${PHO.id}/poster.pdf`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('VENUES_FORBIDDEN');
    expect((await get(staff, `/v1/venues/${PHO.id}/poster.pdf`)).statusCode).toBe(403);
    expect((await get(owner, '/v1/venues/..%2Fetc/poster.pdf')).statusCode).toBe(400);
    expect((await get(owner, '/v1/venues/nope/poster.pdf')).json().code).toBe('VENUES_NOT_FOUND');
  });

  it('is one A4 page: the QR 150 mm square, the font embedded, every line readable with its diacritics', async () => {
    const res = await get(owner, `/v1/venues/${PHO.id}/poster.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const objects = [...pdfObjects(pdf).values()];
    const mm = (v: number) => ((v * 72) / 25.4).toFixed(2);
    expect(objects.filter((o) => /\/Type\s*\/Page\b/.test(o.dict))).toHaveLength(1);
    expect(
      objects.some((o) =>
        new RegExp(`/MediaBox \\[0 0 ${mm(210).slice(0, -1)}\\d* ${mm(297).slice(0, -1)}\\d*\\]`).test(
          o.dict,
        ),
      ),
    ).toBe(true);
    const fontNames = objects.flatMap((o) => [...o.dict.matchAll(/\/FontName\s*\/(\S+)/g)].map((m) => m[1]));
    expect(fontNames.some((n) => /DejaVuSans$/.test(n!))).toBe(true);
    expect(objects.filter((o) => /\/FontFile2/.test(o.dict)).length).toBeGreaterThanOrEqual(2);
    // The QR's white square: 150 mm from 30 mm left, 55 mm down (PDF y grows upward).
    const content = objects.map((o) => o.stream?.toString('latin1') ?? '').find((s) => /\bre\b/.test(s))!;
    const side = Number(mm(150));
    const square = [...content.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re/g)].find(
      (m) => Math.abs(Number(m[3]) - side) < 0.01 && Math.abs(Number(m[4]) - side) < 0.01,
    );
    expect(square).toBeDefined();
    expect(Number(square![1])).toBeCloseTo(Number(mm(30)), 1);
    const { lines, unmapped } = pdfTextLines(pdf);
    expect(unmapped).toBe(0);
    expect(lines).toEqual([
      PHO.name,
      PHO.address,
      POSTER_TEXT.headline,
      POSTER_TEXT.vi,
      POSTER_TEXT.en,
      POSTER_TEXT.staff,
    ]);
    const long = pdfTextLines((await get(owner, `/v1/venues/${LONG.id}/poster.pdf`)).rawPayload);
    expect(long.lines[0]).toBe(LONG.name);
    expect(long.unmapped).toBe(0);
  });

  it.runIf(hasGs)('rendered by Ghostscript, the QR decodes to the venue code', async () => {
    await useBundledWasm();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-poster-'));
    try {
      const file = path.join(dir, 'poster.pdf');
      fs.writeFileSync(file, (await get(owner, `/v1/venues/${PHO.id}/poster.pdf`)).rawPayload);
      const png = path.join(dir, 'poster.png');
      execFileSync('gs', [
        '-q',
        '-dSAFER',
        '-dNOPAUSE',
        '-dBATCH',
        '-sDEVICE=pnggray',
        '-r100',
        `-sOutputFile=${png}`,
        file,
      ]);
      expect(await decodeImageFile(png)).toEqual([qr]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
