/**
 * Reads the text of a PDF as a reader's copy-and-paste would, for the poster test: each BT…ET
 * block of the page's content as one line, its glyph codes mapped to Unicode through the font's
 * ToUnicode CMap. Enough for what pdfkit writes (uncompressed object table, Flate streams,
 * Type0 fonts with Identity-H); not a general PDF parser.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.search(/stream\r?\n/);
    let stream: Buffer | null = null;
    let dict = body;
    if (s >= 0) {
      dict = body.slice(0, s);
      const dataStart = start + s + (body.slice(s).startsWith('stream\r\n') ? 8 : 7);
      const dataEnd = text.indexOf('endstream', dataStart);
      const raw = pdf.subarray(dataStart, dataEnd);
      stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
  }
  return out;
}

/** Glyph code → text, from a ToUnicode CMap (bfchar and bfrange, both forms). */
function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const u16 = (spaced: string) => {
    // pdfkit writes a ligature's two code points as one spaced string, <0066 0066>.
    const hex = spaced.replace(/\s+/g, '');
    const codes: number[] = [];
    for (let i = 0; i < hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...codes);
  };
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const r of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f\s]+>)/gi)) {
      const lo = parseInt(r[1]!, 16);
      const hi = parseInt(r[2]!, 16);
      if (r[3]!.startsWith('[')) {
        [...r[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((u, i) => map.set(lo + i, u16(u[1]!)));
      } else {
        const base = u16(r[3]!.slice(1, -1));
        for (let c = lo; c <= hi; c++)
          map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + c - lo));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const c of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi))
      map.set(parseInt(c[1]!, 16), u16(c[2]!));
  return map;
}

/** The page's text lines, and the glyph codes shown that no font maps (.notdef included). */
export function pdfTextLines(pdf: Buffer): { lines: string[]; unmapped: number } {
  const objects = pdfObjects(pdf);
  // Resource name (F1…) → that font's ToUnicode map.
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    const res = /\/Font\s*<<([^>]*)>>/.exec(dict);
    if (!res) continue;
    for (const f of res[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(f[2]));
      const tu = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict);
      const cmap = tu && objects.get(Number(tu[1]))?.stream;
      if (cmap) fonts.set(f[1]!, parseCmap(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  let unmapped = 0;
  for (const { stream } of objects.values()) {
    const content = stream?.toString('latin1');
    if (!content || !/\bBT\b/.test(content)) continue;
    for (const bt of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      let font: Map<number, string> | undefined;
      let line = '';
      for (const op of bt[1]!.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|(\[[^\]]*\])\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
        if (op[1]) {
          font = fonts.get(op[1]);
          continue;
        }
        const hexes = op[2] ? [...op[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]!) : [op[3]!];
        for (const hex of hexes)
          for (let i = 0; i < hex.length; i += 4) {
            const code = parseInt(hex.slice(i, i + 4), 16);
            const ch = code === 0 ? undefined : font?.get(code);
            if (ch === undefined) unmapped++;
            else line += ch;
          }
      }
      lines.push(line);
    }
  }
  return { lines, unmapped };
}
