/**
 * The venue poster as PDF (A4, one page), laid out like the SVG (poster.ts): the QR drawn as
 * vector rectangles exactly 150 × 150 mm, the name, address and instructions in DejaVu Sans,
 * embedded (subset) so Vietnamese diacritics print on any printer. DejaVu's licence (Bitstream
 * Vera, assets/fonts/LICENSE-DejaVu.txt) allows embedding and redistribution.
 */
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { qrMatrix, QUIET_ZONE } from '@oneqr/qr/symbols';
import { moduleRuns, PAGE_H, PAGE_W, POSTER_LINES, POSTER_TEXT, QR_MM, QR_TOP_MM } from './poster.ts';

const FONTS = path.resolve(import.meta.dirname, '../../assets/fonts');
const MM = 72 / 25.4;
const MARGIN_MM = 8;
/** Below this a line wraps instead of shrinking further. */
const MIN_TEXT_MM = 3;

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once: the files ship with the server. */
function fontFiles(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(path.join(FONTS, 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(FONTS, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

export function venuePosterPdf(venue: { name: string; address: string; qrPayload: string }): Promise<Buffer> {
  const { regular, bold } = fontFiles();
  const doc = new PDFDocument({
    size: [PAGE_W * MM, PAGE_H * MM],
    margin: 0,
    info: { Title: venue.name, Creator: 'OneQR' },
    autoFirstPage: true,
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Text lines centred across the page, `y` the baseline as in the SVG; a line wider than the
  // page (a long name; DejaVu is wider than the SVG's Arial) is set smaller to stay one line.
  const width = (PAGE_W - 2 * MARGIN_MM) * MM;
  const line = (font: 'regular' | 'bold', key: keyof typeof POSTER_LINES, body: string) => {
    const { y, size } = POSTER_LINES[key];
    doc.font(font).fontSize(size * MM);
    const fits = doc.widthOfString(body);
    if (fits > width) doc.fontSize(Math.max(MIN_TEXT_MM * MM, (size * MM * width) / fits));
    doc.text(body, MARGIN_MM * MM, y * MM, { width, align: 'center', baseline: 'alphabetic' });
  };
  line('bold', 'name', venue.name);
  line('regular', 'address', venue.address);
  line('bold', 'headline', POSTER_TEXT.headline);

  const { size, modules } = qrMatrix(venue.qrPayload);
  const unit = (QR_MM * MM) / (size + 2 * QUIET_ZONE);
  const left = ((PAGE_W - QR_MM) / 2) * MM;
  const top = QR_TOP_MM * MM;
  doc.rect(left, top, QR_MM * MM, QR_MM * MM).fill('#ffffff');
  for (const [x, y, n] of moduleRuns(size, modules))
    doc.rect(left + x * unit, top + y * unit, n * unit, unit);
  doc.fill('#000000');

  line('regular', 'vi', POSTER_TEXT.vi);
  line('regular', 'en', POSTER_TEXT.en);
  line('regular', 'staff', POSTER_TEXT.staff);
  doc.end();
  return done;
}
