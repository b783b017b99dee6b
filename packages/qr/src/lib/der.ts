/**
 * A minimal ASN.1 DER reader: enough to walk an X.509 certificate (sequences, OIDs, times,
 * bit and octet strings). Strict DER lengths (definite, minimal); single-byte tags only.
 * Functions throw DerError on malformed input; callers catch it and turn it into an issue.
 */

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export const DER_TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One TLV: `tag` is the whole identifier byte (class, constructed bit, number). */
export interface DerNode {
  tag: number;
  /** Offset of the identifier byte within `source`. */
  headerStart: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the last content byte. */
  end: number;
  source: Uint8Array;
}

/** Reads the TLV at `offset`, checking it fits inside `limit` (default: the whole buffer). */
export function readDer(source: Uint8Array, offset = 0, limit = source.length): DerNode {
  let pos = offset;
  const tag = source[pos++];
  if (tag === undefined || pos > limit) throw new DerError('truncated tag');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  const first = source[pos++];
  if (first === undefined || pos > limit) throw new DerError('truncated length');
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4) throw new DerError('length too large');
    length = 0;
    for (let i = 0; i < n; i++) {
      const b = source[pos++];
      if (b === undefined || pos > limit) throw new DerError('truncated length');
      length = length * 256 + b;
    }
    if (length < 0x80 || (n > 1 && length < 256 ** (n - 1))) throw new DerError('non-minimal length');
  }
  if (length > limit - pos) throw new DerError('content runs past its container');
  return { tag, headerStart: offset, start: pos, end: pos + length, source };
}

/** Reads a whole buffer as exactly one TLV. */
export function readDerRoot(source: Uint8Array): DerNode {
  const node = readDer(source);
  if (node.end !== source.length) throw new DerError('trailing bytes after the structure');
  return node;
}

/** The children of a constructed node, in order. */
export function derChildren(node: DerNode): DerNode[] {
  if (!(node.tag & 0x20)) throw new DerError('not a constructed value');
  const out: DerNode[] = [];
  let pos = node.start;
  while (pos < node.end) {
    const child = readDer(node.source, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Checks the tag and returns the node (for readable walking code). */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) throw new DerError(`${what}: unexpected structure`);
  return node;
}

/** The content bytes (a copy-free view). */
export function derContent(node: DerNode): Uint8Array {
  return node.source.subarray(node.start, node.end);
}

/** The whole TLV, header included. */
export function derEncoded(node: DerNode): Uint8Array {
  return node.source.subarray(node.headerStart, node.end);
}

/** Dotted form of an OBJECT IDENTIFIER. */
export function derOid(node: DerNode): string {
  const bytes = derContent(expectTag(node, DER_TAG.OID, 'object identifier'));
  if (bytes.length === 0 || bytes.length > 64) throw new DerError('object identifier length');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (value === 0 && b === 0x80) throw new DerError('non-minimal object identifier arc');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if (!(b & 0x80)) {
      arcs.push(value);
      value = 0;
    } else if (i === bytes.length - 1) throw new DerError('truncated object identifier');
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** A UTCTime (years 1950–2049) or GeneralizedTime, both in their DER form `…Z`. */
export function derTime(node: DerNode): Date {
  const text = String.fromCharCode(...derContent(node));
  let m: RegExpExecArray | null;
  let year: number;
  if (node.tag === DER_TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!m) throw new DerError('malformed UTCTime');
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (node.tag === DER_TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d{1,9})?Z$/.exec(text);
    if (!m) throw new DerError('malformed GeneralizedTime');
    year = Number(m[1]);
  } else throw new DerError('not a time value');
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new DerError('time value out of range');
  }
  return date;
}

/** Content of a BIT STRING with no unused bits (keys, signatures). */
export function derBitStringBytes(node: DerNode): Uint8Array {
  const content = derContent(expectTag(node, DER_TAG.BIT_STRING, 'bit string'));
  if (content.length === 0 || content[0] !== 0) throw new DerError('bit string with unused bits');
  return content.subarray(1);
}
