/**
 * One line of `oneqr read --jsonl`: `{"text": …, "at": …}` in, one JSON result line out. The
 * same function runs on the main thread and in read's worker threads, so a line answers the same
 * wherever it was verified.
 */
import { read, type ReadContext } from '@oneqr/qr';
import { flatten } from '../cli-error.ts';
import { exitCodeFor, parseInstant } from './read-exit.ts';

/** The answer to one input line: its JSON output line (no newline) and its exit code. */
export interface LineAnswer {
  json: string;
  code: number;
}

/**
 * Reads input line number `line`. A line that cannot be read (bad JSON, no "text", bad "at",
 * blank) answers a result of kind `unknown` with the CLI's code JSONL_LINE. Never throws.
 */
export async function answerLine(raw: string, line: number, base: ReadContext): Promise<LineAnswer> {
  try {
    if (raw.trim() === '') throw new Error('empty line: expected {"text": …}');
    const item = JSON.parse(raw) as { text?: unknown; at?: unknown };
    if (typeof item !== 'object' || item === null || typeof item.text !== 'string') {
      throw new Error('each line must be an object with a string "text"');
    }
    if (item.at !== undefined && typeof item.at !== 'string') {
      throw new Error('"at" must be an ISO 8601 string');
    }
    const at = item.at === undefined ? base.at : parseInstant(item.at, '"at"');
    const result = await read(item.text, { ...base, at });
    return { json: JSON.stringify({ line, ...result }), code: exitCodeFor(result) };
  } catch (err) {
    const out = {
      line,
      kind: 'unknown',
      fields: null,
      signature: { state: 'unsigned' },
      warnings: [],
      errors: [{ code: 'JSONL_LINE', message: `line ${line}: ${flatten((err as Error).message)}` }],
    };
    return { json: JSON.stringify(out), code: 2 };
  }
}

/** A batch's answer: its output lines joined (each ending in a newline) and the worst exit code. */
export interface BatchAnswer {
  text: string;
  worst: number;
}

/** Answers lines `first`, `first + 1`, … in order (one string to hand across threads cheaply). */
export async function answerBatch(first: number, lines: string[], base: ReadContext): Promise<BatchAnswer> {
  let text = '';
  let worst = 0;
  for (let i = 0; i < lines.length; i++) {
    const a = await answerLine(lines[i]!, first + i, base);
    text += a.json + '\n';
    if (a.code > worst) worst = a.code;
  }
  return { text, worst };
}
