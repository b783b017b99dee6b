/**
 * The printable venue poster (A4 portrait, millimetre units): the venue QR at 15 × 15 cm, the
 * venue's name and short instructions in Vietnamese and English. SVG, so it prints at any size
 * without loss; a print dialog at 100 % gives the QR its 15 cm. The PDF (poster-pdf.ts) lays
 * out the same page from the same measures and words.
 */
import { qrMatrix, QUIET_ZONE } from '@oneqr/qr/symbols';

export const PAGE_W = 210;
export const PAGE_H = 297;
/** The QR symbol, quiet zone included, is 150 mm wide. */
export const QR_MM = 150;
/** Top of the QR symbol. */
export const QR_TOP_MM = 55;

/** The poster's fixed words: a headline, then lines under the QR (Vietnamese, English, both). */
export const POSTER_TEXT = {
  headline: 'Quét mã để khai báo vào / ra',
  vi: 'Mở ứng dụng OneQR / PC-Covid, chọn “Quét QR” và quét mã này khi vào và khi ra.',
  en: 'Scan this code with the OneQR / PC-Covid app when you enter and when you leave.',
  staff: 'Hoặc xuất trình mã QR cá nhân / CCCD cho nhân viên · Or show your own QR / ID card to staff',
} as const;

/** Where each text line sits: baseline from the top (mm) and font size (mm). */
export const POSTER_LINES = {
  name: { y: 22, size: 9 },
  address: { y: 32, size: 5 },
  headline: { y: 44, size: 6 },
  vi: { y: QR_TOP_MM + QR_MM + 14, size: 5.5 },
  en: { y: QR_TOP_MM + QR_MM + 24, size: 5.5 },
  staff: { y: QR_TOP_MM + QR_MM + 36, size: 4 },
} as const;

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The dark modules as horizontal runs (x, y, length) in module units, quiet zone included. */
export function moduleRuns(size: number, modules: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules[y * size + x]) x++;
      out.push([start + QUIET_ZONE, y + QUIET_ZONE, x - start]);
    }
  }
  return out;
}

/** The dark modules as one SVG path, in module units. */
function runs(size: number, modules: Uint8Array): string {
  return moduleRuns(size, modules)
    .map(([x, y, n]) => `M${x} ${y}h${n}v1h${-n}z`)
    .join('');
}

export function venuePosterSvg(venue: { name: string; address: string; qrPayload: string }): string {
  const { size, modules } = qrMatrix(venue.qrPayload);
  const n = size + 2 * QUIET_ZONE;
  const x = (PAGE_W - QR_MM) / 2;
  const y = QR_TOP_MM;
  const L = POSTER_LINES;
  const text = (ty: number, sizeMm: number, body: string, weight = 'normal'): string =>
    `<text x="${PAGE_W / 2}" y="${ty}" font-family="Arial, Helvetica, sans-serif" font-size="${sizeMm}" ` +
    `font-weight="${weight}" text-anchor="middle">${escapeXml(body)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE_W}mm" height="${PAGE_H}mm" ` +
    `viewBox="0 0 ${PAGE_W} ${PAGE_H}" role="img"><title>${escapeXml(venue.name)}</title>` +
    `<rect width="${PAGE_W}" height="${PAGE_H}" fill="#fff"/>` +
    text(L.name.y, L.name.size, venue.name, 'bold') +
    text(L.address.y, L.address.size, venue.address) +
    text(L.headline.y, L.headline.size, POSTER_TEXT.headline, 'bold') +
    `<svg x="${x}" y="${y}" width="${QR_MM}" height="${QR_MM}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${runs(size, modules)}"/></svg>` +
    text(L.vi.y, L.vi.size, POSTER_TEXT.vi) +
    text(L.en.y, L.en.size, POSTER_TEXT.en) +
    text(L.staff.y, L.staff.size, POSTER_TEXT.staff) +
    `</svg>`
  );
}
