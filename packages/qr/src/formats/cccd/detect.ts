/** Cheap structural test for the CCCD card QR, used by the front door to pick a parser. */
import { stripTrailingNewlines } from '../../lib/text.ts';

/** True for 8 ASCII digits shaped like `ddMMyyyy` (day 01–31, month 01–12). */
export function isDdMmYyyyShape(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  const d = Number(text.slice(0, 2));
  const m = Number(text.slice(2, 4));
  return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

/**
 * True when the text has at least six `|`-separated fields and field 4 looks like a `ddMMyyyy`
 * date (trailing CR/LF ignored). Does not validate anything else: parseCccd does. Linear: stops
 * after the fifth `|`.
 *
 * @example looksLikeCccd('079201012345||Nguyễn Văn Ánh|15062001|Nam|12 Lê Lợi|20042021') // true
 */
export function looksLikeCccd(text: string): boolean {
  const body = stripTrailingNewlines(text);
  const bars: number[] = [];
  let from = 0;
  while (bars.length < 5) {
    const bar = body.indexOf('|', from);
    if (bar < 0) return false;
    bars.push(bar);
    from = bar + 1;
  }
  const [, , third = 0, fourth = 0] = bars;
  return isDdMmYyyyShape(body.slice(third + 1, fourth));
}
