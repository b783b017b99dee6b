import { OneQRError } from '../errors.ts';
import { QUIET_ZONE, qrMatrix } from './matrix.ts';

/** Options for {@link renderSvg}. */
export interface SvgOptions {
  /** Width and height of one module in CSS pixels (the viewBox stays in modules). Default 8. */
  moduleSize?: number;
  /** Accessible name, emitted as `<title>`; XML-escaped. */
  title?: string;
}

const MAX_MODULE_SIZE = 1000;

/**
 * Renders text as a compact SVG QR symbol: a white background and one black path of
 * horizontal runs, quiet zone of 4 modules, `viewBox="0 0 n n"` in module units (n = size + 8)
 * and `shape-rendering="crispEdges"` so scaled edges stay sharp.
 *
 * @throws OneQRError as {@link qrMatrix}; `SYMBOL_OPTION_INVALID` for a bad `moduleSize`.
 * @example
 * const svg = renderSvg('OQV1:…', { moduleSize: 10, title: 'Venue QR' });
 */
export function renderSvg(text: string, opts: SvgOptions = {}): string {
  const moduleSize = opts.moduleSize ?? 8;
  if (!Number.isFinite(moduleSize) || moduleSize <= 0 || moduleSize > MAX_MODULE_SIZE) {
    throw new OneQRError(
      'SYMBOL_OPTION_INVALID',
      `moduleSize: must be a number in (0, ${MAX_MODULE_SIZE}]`,
      'moduleSize',
    );
  }
  const { size, modules } = qrMatrix(text);
  const n = size + 2 * QUIET_ZONE;
  const px = n * moduleSize;
  const title = opts.title === undefined ? '' : `<title>${escapeXml(opts.title)}</title>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${px}" height="${px}"` +
    ` shape-rendering="crispEdges" role="img">${title}` +
    `<rect width="${n}" height="${n}" fill="#fff"/>` +
    `<path fill="#000" d="${pathData(size, modules)}"/></svg>`
  );
}

/** One `M x y h w v1 h-w z` rectangle per horizontal run of dark modules. */
function pathData(size: number, modules: Uint8Array): string {
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (modules[y * size + x] !== 1) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules[y * size + x] === 1) x++;
      const w = x - start;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${w}v1h-${w}z`);
    }
  }
  return parts.join('');
}

/** Escapes markup and drops the C0 controls XML 1.0 forbids (tab, LF, CR stay). */
function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/[&<>"']/g, (c) =>
        c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
      )
  );
}
