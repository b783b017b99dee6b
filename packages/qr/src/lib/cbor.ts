/**
 * A small, strict CBOR (RFC 8949) decoder and encoder for the subset COSE and CWT use.
 *
 * Written here rather than taken from cbor-x because cbor-x reaches for Node's Buffer on
 * indefinite-length byte strings, keeps module-level decoder state and turns integer map keys
 * into strings; COSE needs typed keys (`4` ≠ `"4"`), a depth cap and bounded work on hostile input.
 */

/** A tagged item (major type 6) the caller interprets, e.g. COSE_Sign1 (18) or CWT (61). */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

export type CborValue =
  number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | CborMap | CborTag;

export type CborMap = Map<CborValue, CborValue>;

export type CborResult = { ok: true; value: CborValue } | { ok: false; reason: string; offset: number };

export interface CborDecodeOptions {
  /** Deepest nesting of arrays, maps and tags accepted (default 16). */
  maxDepth?: number;
}

class CborError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

const DEPTH_EXCEEDED = 'nesting deeper than allowed';

/** True when a decode failure was the depth cap (callers give it its own code). */
export function isDepthFailure(result: CborResult): boolean {
  return !result.ok && result.reason === DEPTH_EXCEEDED;
}

/**
 * Decodes exactly one CBOR item filling `bytes`. Never throws: malformed input, trailing bytes,
 * duplicate map keys, invalid UTF-8 and over-deep nesting come back as `{ ok: false }`.
 */
export function decodeCbor(bytes: Uint8Array, options: CborDecodeOptions = {}): CborResult {
  const reader = new Reader(bytes, options.maxDepth ?? 16);
  try {
    const value = reader.item(0);
    if (reader.pos !== bytes.length) throw new CborError('trailing bytes after the item', reader.pos);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof CborError) return { ok: false, reason: e.reason, offset: e.offset };
    return { ok: false, reason: 'unreadable CBOR', offset: reader.pos };
  }
}

const BREAK = Symbol('break');
const utf8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxDepth: number,
  ) {}

  private byte(): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new CborError('unexpected end of data', this.pos);
    this.pos++;
    return b;
  }

  private take(n: number): Uint8Array {
    if (n > this.bytes.length - this.pos) throw new CborError('length runs past the end of data', this.pos);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The argument of the head; `null` for indefinite length (additional info 31). */
  private argument(info: number): number | bigint | null {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) return (this.byte() << 8) | this.byte();
    if (info === 26)
      return ((this.byte() << 24) >>> 0) + (this.byte() << 16) + (this.byte() << 8) + this.byte();
    if (info === 27) {
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.byte());
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    if (info === 31) return null;
    throw new CborError('reserved additional information value', this.pos - 1);
  }

  /** A length or count, which must fit what is left of the input (every item takes ≥ 1 byte). */
  private count(arg: number | bigint, start: number): number {
    if (typeof arg === 'bigint' || arg > this.bytes.length - this.pos) {
      throw new CborError('declared length exceeds the data', start);
    }
    return arg;
  }

  item(depth: number): CborValue {
    const v = this.itemOrBreak(depth);
    if (v === BREAK) throw new CborError('unexpected break', this.pos - 1);
    return v;
  }

  private itemOrBreak(depth: number): CborValue | typeof BREAK {
    if (depth > this.maxDepth) throw new CborError(DEPTH_EXCEEDED, this.pos);
    const start = this.pos;
    const head = this.byte();
    const major = head >> 5;
    const info = head & 0x1f;
    if (major === 7) return this.simple(info, start);
    const arg = this.argument(info);
    switch (major) {
      case 0:
        return arg === null ? this.fail('indefinite integer', start) : arg;
      case 1:
        if (arg === null) return this.fail('indefinite integer', start);
        return typeof arg === 'bigint' ? -1n - arg : -1 - arg;
      case 2:
      case 3:
        return this.string(major, arg, start, depth);
      case 4:
        return this.array(arg, start, depth);
      case 5:
        return this.map(arg, start, depth);
      default: {
        if (arg === null || typeof arg === 'bigint') return this.fail('unsupported tag number', start);
        return new CborTag(arg, this.item(depth + 1));
      }
    }
  }

  private fail(reason: string, at: number): never {
    throw new CborError(reason, at);
  }

  private simple(info: number, start: number): CborValue | typeof BREAK {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25:
        return halfToNumber(this.take(2));
      case 26:
        return new DataView(this.take(4).buffer).getFloat32(0);
      case 27:
        return new DataView(this.take(8).buffer).getFloat64(0);
      case 31:
        return BREAK;
      default:
        return this.fail('unsupported simple value', start);
    }
  }

  private string(
    major: number,
    arg: number | bigint | null,
    start: number,
    depth: number,
  ): string | Uint8Array {
    let bytes: Uint8Array;
    if (arg === null) {
      const parts: Uint8Array[] = [];
      for (;;) {
        const chunk = this.itemOrBreak(depth + 1);
        if (chunk === BREAK) break;
        if (major === 2 && chunk instanceof Uint8Array) parts.push(chunk);
        else if (major === 3 && typeof chunk === 'string') parts.push(new TextEncoder().encode(chunk));
        else this.fail('indefinite string chunk of the wrong type', start);
      }
      bytes = concat(parts);
    } else {
      bytes = this.take(this.count(arg, start));
    }
    if (major === 2) return bytes;
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail('text string is not valid UTF-8', start);
    }
  }

  private array(arg: number | bigint | null, start: number, depth: number): CborValue[] {
    const out: CborValue[] = [];
    if (arg === null) {
      for (;;) {
        const v = this.itemOrBreak(depth + 1);
        if (v === BREAK) return out;
        out.push(v);
      }
    }
    const n = this.count(arg, start);
    for (let i = 0; i < n; i++) out.push(this.item(depth + 1));
    return out;
  }

  private map(arg: number | bigint | null, start: number, depth: number): CborMap {
    const out: CborMap = new Map();
    const n = arg === null ? Infinity : this.count(arg, start);
    for (let i = 0; i < n; i++) {
      const keyAt = this.pos;
      const key = this.itemOrBreak(depth + 1);
      if (key === BREAK) {
        if (arg === null) return out;
        this.fail('unexpected break', keyAt);
      }
      if (out.has(key)) this.fail('duplicate map key', keyAt);
      out.set(key, this.item(depth + 1));
    }
    return out;
  }
}

function halfToNumber(b: Uint8Array): number {
  const h = (b[0]! << 8) | b[1]!;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (mant + 1024) * 2 ** (exp - 25);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Encodes a value with definite lengths and shortest heads (deterministic for the values COSE
 * builds: Sig_structure, headers, test payloads). Plain objects encode as maps with text keys;
 * non-integer numbers as float64.
 */
export function encodeCbor(value: CborValue | Record<string, unknown>): Uint8Array {
  const out: number[] = [];
  write(out, value as CborValue);
  return Uint8Array.from(out);
}

function head(out: number[], major: number, n: number | bigint): void {
  const m = major << 5;
  const v = BigInt(n);
  if (v < 24n) out.push(m | Number(v));
  else if (v < 0x100n) out.push(m | 24, Number(v));
  else if (v < 0x10000n) out.push(m | 25, Number(v >> 8n), Number(v & 0xffn));
  else if (v < 0x100000000n) out.push(m | 26, ...bigBytes(v, 4));
  else out.push(m | 27, ...bigBytes(v, 8));
}

function bigBytes(v: bigint, n: number): number[] {
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

function write(out: number[], v: CborValue): void {
  if (v === false) out.push(0xf4);
  else if (v === true) out.push(0xf5);
  else if (v === null) out.push(0xf6);
  else if (v === undefined) out.push(0xf7);
  else if (typeof v === 'bigint') {
    if (v >= 0n) head(out, 0, v);
    else head(out, 1, -1n - v);
  } else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) {
      if (v >= 0) head(out, 0, v);
      else head(out, 1, -1 - v);
    } else {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v);
      out.push(0xfb, ...b);
    }
  } else if (typeof v === 'string') {
    const b = new TextEncoder().encode(v);
    head(out, 3, b.length);
    for (const x of b) out.push(x);
  } else if (v instanceof Uint8Array) {
    head(out, 2, v.length);
    for (const x of v) out.push(x);
  } else if (Array.isArray(v)) {
    head(out, 4, v.length);
    for (const x of v) write(out, x);
  } else if (v instanceof Map) {
    head(out, 5, v.size);
    for (const [k, x] of v) {
      write(out, k);
      write(out, x);
    }
  } else if (v instanceof CborTag) {
    head(out, 6, v.tag);
    write(out, v.value);
  } else {
    const entries = Object.entries(v as Record<string, CborValue>);
    head(out, 5, entries.length);
    for (const [k, x] of entries) {
      write(out, k);
      write(out, x);
    }
  }
}
