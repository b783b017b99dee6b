/**
 * The printable venue poster (A4 portrait, millimetre units): the venue QR at 15 × 15 cm, the
 * venue's name and short instructions in Vietnamese and English. SVG, so it prints at any size
 * without loss; a print dialog at 100 % gives the QR its 15 cm.
 */
import { qrMatrix, QUIET_ZONE } from '@oneqr/qr/symbols';

const PAGE_W = 210;
const PAGE_H = 297;
/** The QR symbol, quiet zone included, is 150 mm wide. */
const QR_MM = 150;

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The dark modules as one path of horizontal runs, in module units. */
function runs(size: number, modules: Uint8Array): string {
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules[y * size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules[y * size + x]) x++;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`);
    }
  }
  return parts.join('');
}

export function venuePosterSvg(venue: { name: string; address: string; qrPayload: string }): string {
  const { size, modules } = qrMatrix(venue.qrPayload);
  const n = size + 2 * QUIET_ZONE;
  const x = (PAGE_W - QR_MM) / 2;
  const y = 55;
  const text = (ty: number, sizeMm: number, body: string, weight = 'normal'): string =>
    `<text x="${PAGE_W / 2}" y="${ty}" font-family="Arial, Helvetica, sans-serif" font-size="${sizeMm}" ` +
    `font-weight="${weight}" text-anchor="middle">${escapeXml(body)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE_W}mm" height="${PAGE_H}mm" ` +
    `viewBox="0 0 ${PAGE_W} ${PAGE_H}" role="img"><title>${escapeXml(venue.name)}</title>` +
    `<rect width="${PAGE_W}" height="${PAGE_H}" fill="#fff"/>` +
    text(22, 9, venue.name, 'bold') +
    text(32, 5, venue.address) +
    text(44, 6, 'Quét mã để khai báo vào / ra', 'bold') +
    `<svg x="${x}" y="${y}" width="${QR_MM}" height="${QR_MM}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges">` +
    `<rect width="${n}" height="${n}" fill="#fff"/><path fill="#000" d="${runs(size, modules)}"/></svg>` +
    text(
      y + QR_MM + 14,
      5.5,
      'Mở ứng dụng OneQR / PC-Covid, chọn “Quét QR” và quét mã này khi vào và khi ra.',
    ) +
    text(
      y + QR_MM + 24,
      5.5,
      'Scan this code with the OneQR / PC-Covid app when you enter and when you leave.',
    ) +
    text(
      y + QR_MM + 36,
      4,
      'Hoặc xuất trình mã QR cá nhân / CCCD cho nhân viên · Or show your own QR / ID card to staff',
    ) +
    `</svg>`
  );
}
