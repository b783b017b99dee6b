import { issue, type Issue } from '../../errors.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

/** JWS characters one QR may hold alone, and per chunk of a split card (SMART dev tools). */
export const SHC_MAX_SINGLE_JWS = 1195;
export const SHC_MAX_CHUNK_JWS = 1191;

/** Case-insensitive: QR alphanumeric mode would upper-case it. */
const PREFIX = /^shc:\//i;
const CHUNK = /^(\d{1,3})\/(\d{1,3})\/(.*)$/s;

function digitsToJws(digits: string): Step<string> {
  if (!/^\d*$/.test(digits)) {
    const at = digits.search(/\D/);
    return fail(issue('SHC_NUMERIC_CHARACTER', `Numeric: character at ${at} is not a digit`, 'numeric'));
  }
  if (digits.length === 0 || digits.length % 2 === 1) {
    return fail(
      issue(
        'SHC_NUMERIC_LENGTH',
        `Numeric: ${digits.length} digits, expected a non-zero even count`,
        'numeric',
      ),
    );
  }
  let jws = '';
  for (let i = 0; i < digits.length; i += 2) {
    const n = (digits.charCodeAt(i) - 48) * 10 + (digits.charCodeAt(i + 1) - 48);
    if (n > 77)
      return fail(issue('SHC_NUMERIC_VALUE', `Numeric: pair "${n}" at ${i} is above 77`, 'numeric'));
    jws += String.fromCharCode(n + 45);
  }
  return ok(jws);
}

/** Splits `shc:/[i/n/]digits`; the chunk numbers are undefined for the single-QR form. */
function split(text: string): Step<{ index?: number; total?: number; digits: string }> {
  if (!PREFIX.test(text)) return fail(issue('SHC_PREFIX', 'Prefix: expected "shc:/"', 'prefix'));
  const rest = text.slice(5);
  const m = CHUNK.exec(rest);
  if (!m) return ok({ digits: rest });
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) {
    return fail(issue('SHC_CHUNK', `Chunk: "${index}/${total}" is not a valid part number`, 'chunk'));
  }
  return ok({ index, total, digits: m[3]! });
}

/**
 * Step 1: numeric QR text → compact JWS. `shc:/` then two digits per character (`ord(c) − 45`).
 * The deprecated chunked form reads when it is a single chunk (`shc:/1/1/…`), with a warning.
 */
export function decodeShcNumeric(text: string): Step<string> {
  const parts = split(text);
  if (!parts.ok) return parts;
  const { index, total, digits } = parts.value;
  if (total !== undefined && total > 1) {
    return fail(
      issue(
        'SHC_CHUNK_INCOMPLETE',
        `Chunk: part ${index} of ${total}; scan every part and reassemble them`,
        'chunk',
      ),
    );
  }
  const jws = digitsToJws(digits);
  if (!jws.ok || total === undefined) return jws;
  return ok(jws.value, [
    issue('SHC_CHUNK_DEPRECATED', 'Chunk: the chunked "shc:/1/1/" form is deprecated', 'chunk'),
  ]);
}

/**
 * Joins the parts of a chunked SMART Health Card (`shc:/i/n/…`, any order) into one `shc:/…`
 * text that decodeShc and verifyShc read. Each part 1..n must appear exactly once.
 */
export function reassembleShc(texts: string[]): Step<string> {
  const byIndex = new Map<number, string>();
  let total: number | undefined;
  for (const text of texts) {
    const parts = split(typeof text === 'string' ? text.replace(/[\r\n]+$/, '') : '');
    if (!parts.ok) return parts;
    const p = parts.value;
    if (p.index === undefined || p.total === undefined) {
      if (texts.length === 1) return ok(`shc:/${p.digits}`, chunkSizeWarnings([p.digits.length / 2]));
      return fail(issue('SHC_CHUNK', 'Chunk: a single-QR card was mixed with chunked parts', 'chunk'));
    }
    if (total !== undefined && p.total !== total) {
      return fail(issue('SHC_CHUNK', `Chunk: parts disagree on the count (${total} vs ${p.total})`, 'chunk'));
    }
    total = p.total;
    if (byIndex.has(p.index))
      return fail(issue('SHC_CHUNK', `Chunk: part ${p.index} appears twice`, 'chunk'));
    byIndex.set(p.index, p.digits);
  }
  if (total === undefined) return fail(issue('SHC_CHUNK_INCOMPLETE', 'Chunk: no parts given', 'chunk'));
  const missing: number[] = [];
  for (let i = 1; i <= total; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) {
    return fail(
      issue('SHC_CHUNK_INCOMPLETE', `Chunk: missing part(s) ${missing.join(', ')} of ${total}`, 'chunk'),
    );
  }
  let digits = '';
  for (let i = 1; i <= total; i++) digits += byIndex.get(i)!;
  return ok(`shc:/${digits}`, chunkSizeWarnings([...byIndex.values()].map((d) => d.length / 2)));
}

/**
 * The SMART dev tools' size rules on the JWS characters each QR holds: at most 1195 in a lone
 * QR, 1191 per chunk; no split when the whole fits one QR; chunks within 0.5 % of an even split.
 */
export function chunkSizeWarnings(sizes: number[]): Issue[] {
  const warnings: Issue[] = [];
  const n = sizes.length;
  const max = n > 1 ? SHC_MAX_CHUNK_JWS : SHC_MAX_SINGLE_JWS;
  const over = sizes.findIndex((s) => s > max);
  if (over >= 0) {
    const what = n > 1 ? `chunk ${over + 1} holds` : 'the QR holds';
    warnings.push(
      issue('SHC_CHUNK_SIZE', `Chunk: ${what} ${sizes[over]} JWS characters, above ${max}`, 'chunk'),
    );
  }
  if (n < 2) return warnings;
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= SHC_MAX_SINGLE_JWS) {
    warnings.push(
      issue('SHC_CHUNK_UNNEEDED', `Chunk: ${total} JWS characters fit one QR, yet split in ${n}`, 'chunk'),
    );
  }
  const even = Math.floor(total / n);
  const leeway = Math.ceil(even * 0.005);
  if (sizes.some((s) => s < even - leeway || s > even + leeway)) {
    warnings.push(issue('SHC_CHUNK_UNBALANCED', `Chunk: unbalanced sizes ${sizes.join(', ')}`, 'chunk'));
  }
  return warnings;
}
