/**
 * A small streaming CSV reader (RFC 4180): quoted fields with commas, doubled quotes and line
 * breaks; CRLF, LF or CR line ends; a leading BOM is skipped. Memory is bounded: a record longer
 * than MAX_RECORD_CHARS is cut and flagged, so an unterminated quote cannot fill memory.
 */

/** A problem with the record's CSV syntax (the record is then rejected whole). */
export type CsvErrorCode =
  'REGISTRY_CSV_QUOTE' | 'REGISTRY_CSV_UNTERMINATED_QUOTE' | 'REGISTRY_CSV_ROW_TOO_LONG';

export interface CsvRecord {
  /** 1-based line where the record starts (line breaks inside quoted fields count). */
  line: number;
  fields: string[];
  error?: { code: CsvErrorCode; message: string };
}

export const MAX_RECORD_CHARS = 64 * 1024;
const MAX_FIELDS = 1000;

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

// Parser states (plain constants, not an enum: the code stays erasable TypeScript).
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** Saw a quote inside a quoted field: a doubled quote or the field's end. */
const QUOTE_SEEN = 3;

/** Feed chunks with push(); call end() once. Complete records are appended to `out`. */
export class CsvParser {
  private state: number = FIELD_START;
  private fields: string[] = [];
  private field = '';
  private recordChars = 0;
  private line = 1;
  private recordLine = 1;
  private error: CsvRecord['error'] = undefined;
  private skipLf = false;
  private started = false;

  push(chunk: string, out: CsvRecord[]): void {
    const n = chunk.length;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.skipLf && i < n) {
      if (chunk.charCodeAt(i) === LF) i++;
      this.skipLf = false;
    }
    let s = i;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case FIELD_START:
          if (c === QUOTE) {
            this.state = QUOTED;
            s = ++i;
          } else {
            this.state = UNQUOTED;
            s = i;
          }
          break;
        case UNQUOTED:
          if (c === COMMA) {
            this.append(chunk, s, i);
            this.endField();
            i++;
          } else if (c === LF || c === CR) {
            this.append(chunk, s, i);
            i = this.newline(chunk, i, out);
          } else i++;
          break;
        case QUOTED:
          if (c === QUOTE) {
            this.append(chunk, s, i);
            this.state = QUOTE_SEEN;
          } else if (c === LF) this.line++;
          i++;
          break;
        case QUOTE_SEEN:
          if (c === QUOTE) {
            this.addText('"');
            this.state = QUOTED;
            s = ++i;
          } else if (c === COMMA) {
            this.endField();
            i++;
          } else if (c === LF || c === CR) {
            i = this.newline(chunk, i, out);
          } else {
            // Text after a closing quote: keep it (lenient) but reject the record.
            this.error ??= {
              code: 'REGISTRY_CSV_QUOTE',
              message: 'Text follows a closing quote in a field.',
            };
            this.state = UNQUOTED;
            s = i;
          }
          break;
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) this.append(chunk, s, n);
  }

  end(out: CsvRecord[]): void {
    if (this.state === QUOTED) {
      this.error ??= { code: 'REGISTRY_CSV_UNTERMINATED_QUOTE', message: 'A quoted field is not closed.' };
    }
    if (this.state !== FIELD_START || this.fields.length > 0) {
      this.endField();
      this.endRecord(out);
    }
  }

  private addText(text: string): void {
    this.recordChars += text.length;
    if (this.recordChars > MAX_RECORD_CHARS) this.tooLong();
    else this.field += text;
  }

  private append(chunk: string, s: number, e: number): void {
    if (e > s) this.addText(chunk.slice(s, e));
  }

  private tooLong(): void {
    this.error ??= {
      code: 'REGISTRY_CSV_ROW_TOO_LONG',
      message: `The record is longer than ${MAX_RECORD_CHARS} characters.`,
    };
  }

  private endField(): void {
    if (this.fields.length < MAX_FIELDS) this.fields.push(this.field);
    else this.tooLong();
    this.field = '';
    this.state = FIELD_START;
  }

  /** Ends field and record at the line break at `i`; returns the index after it. */
  private newline(chunk: string, i: number, out: CsvRecord[]): number {
    this.endField();
    this.endRecord(out);
    this.line++;
    this.recordLine = this.line;
    if (chunk.charCodeAt(i) === CR) {
      if (i + 1 < chunk.length) {
        if (chunk.charCodeAt(i + 1) === LF) return i + 2;
      } else this.skipLf = true;
    }
    return i + 1;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.fields.length === 1 && this.fields[0] === '' && this.error === undefined;
    if (!blank) {
      const rec: CsvRecord = { line: this.recordLine, fields: this.fields };
      if (this.error) rec.error = this.error;
      out.push(rec);
    }
    this.fields = [];
    this.recordChars = 0;
    this.error = undefined;
    this.state = FIELD_START;
  }
}

/** Quotes a field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
