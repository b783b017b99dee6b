/**
 * The one front door: `read(text, context)` detects the kind, parses, verifies and returns
 * values — it never throws, and answers any input of up to 8 KiB in bounded time.
 */
import { issue, type Issue } from './errors.ts';
import type { FieldsOfKind, Kind, ReadResult, SignatureInfo } from './types.ts';
import type { TrustStore } from './trust/index.ts';
import { parsePersonal } from './formats/personal/index.ts';
import { parseCccd, looksLikeCccd } from './formats/cccd/index.ts';
import { decodeCitizenId, isCitizenIdText } from './formats/citizen-id/index.ts';
import { isVenueText, parseVenue } from './formats/venue/index.ts';
import { isDeclarationText, parseDeclaration } from './formats/declaration/index.ts';
import {
  checkDccRevocation,
  decodeDccLayers,
  verifyDecodedDcc,
  type DccKeySource,
  type DccLayers,
  type DccRevocationSource,
} from './formats/dcc/index.ts';
import { evaluateDccRules, type DccRulesEvaluation, type DccRuleValueSets } from './rules/dcc.ts';
import { decodeShcLayers, verifyDecodedShc, type ShcKeySource } from './formats/shc/index.ts';
import { verifySigned } from './signature/index.ts';
import type * as DccContent from './formats/dcc/content.ts';
import { checkShcSymbol } from './formats/shc/symbol.ts';
import type { QrSymbolInfo } from './symbols/segments.ts';

/** Inputs longer than this many UTF-8 bytes are refused (a QR symbol holds at most ~3 KB). */
export const MAX_INPUT_BYTES = 8 * 1024;

export interface ReadContext {
  /** Trust list(s) for personal and venue QR codes. Without it, signed codes read as `untrusted`. */
  trust?: TrustStore | undefined;
  /** EU DCC document signers (passport issue). */
  dccKeys?: DccKeySource | undefined;
  /** EU DCC revocation batches (`dccRevocationSource`): a verified DCC listed under its kid is
   *  refused as DCC_REVOKED. */
  dccRevocations?: DccRevocationSource | undefined;
  /** SMART Health Card issuer keys. */
  shcKeys?: ShcKeySource | undefined;
  /** The instant of verification (default: now). */
  at?: Date | undefined;
  /** The decoded QR symbol, when the text came from an image (`decodeImageSymbols`): its
   *  structure is checked too (SMART Health Cards: version, segments, size). */
  symbol?: QrSymbolInfo | undefined;
  /** EU DCC business rules (the EU gateway's rule shape) run on an `HC1:` code at `at`; each
   *  applicable rule's outcome is in the result's `rules`. Without them no rule is run. */
  rules?: readonly unknown[] | undefined;
  /** Where the rules run: the country of arrival (its acceptance rules apply; without one only
   *  the issuing country's invalidation rules do), its region, and the value sets rules test codes
   *  against (default: the embedded EU release). */
  rulesContext?: { countryCode?: string; region?: string; valueSets?: DccRuleValueSets } | undefined;
}

const UNSIGNED: SignatureInfo = { state: 'unsigned' };

/** The DCC schema and value-set module, imported once (an `import()` per read costs more than a verify). */
let dccContentModule: Promise<typeof DccContent> | undefined;
const dccContent = () =>
  (dccContentModule ??= import('./formats/dcc/content.ts').catch((e: unknown) => {
    dccContentModule = undefined; // a chunk that failed to load (offline, say) is tried again next time
    throw e;
  }));

/** Reads any code a OneQR scanner accepts. Never throws. */
export async function read(text: string, context: ReadContext = {}): Promise<ReadResult> {
  try {
    return await readUnsafe(text, context);
  } catch (err) {
    // A bug must not crash a scanner: report it as a value.
    const why = err instanceof Error ? err.message : String(err);
    return unknown([issue('INTERNAL', `internal error while reading: ${why}`)]);
  }
}

async function readUnsafe(input: string, context: ReadContext): Promise<ReadResult> {
  if (typeof input !== 'string') return unknown([issue('INPUT_EMPTY', 'input is not text')]);
  // Cheap bound first (a UTF-16 unit is at most 3 UTF-8 bytes), then the exact byte count.
  if (input.length > MAX_INPUT_BYTES || utf8Length(input) > MAX_INPUT_BYTES) {
    return unknown([
      issue(
        'INPUT_TOO_LONG',
        `input is longer than ${MAX_INPUT_BYTES} bytes: no QR code a scanner accepts is that long`,
      ),
    ]);
  }
  // Card readers in keyboard mode end the string with CR (and sometimes LF); some decoders
  // prefix a UTF-8 BOM. Drop both here, so the verifier sees the text the parsers read.
  const text = input.replace(/^\uFEFF/, '').replace(/\r?\n?$|\r$/, '');
  if (text.trim() === '') return unknown([issue('INPUT_EMPTY', 'input is empty')]);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    return unknown([issue('INPUT_BINARY', 'input contains control characters: not a QR text')]);
  }
  const at = context.at ?? new Date();
  // An invalid instant would silently disable every date and validity check (a birth date in
  // the future, an expired key would all pass): refuse it, as a value like everything else.
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    return unknown([
      issue('INTERNAL', 'context.at is not a valid Date: no date or validity could be checked'),
    ]);
  }

  // DCC and SHC are decoded once: the verifier works on the same layers, and adds only its own
  // issues to the decoding's.
  if (text.startsWith('HC1:')) {
    const { parsed: decoded, layers } = decodeDccLayers(text);
    // A DCC is always signed: one we cannot even decode cannot be valid.
    if (!layers || !decoded.fields || decoded.errors.length > 0)
      return fromParsed('dcc', decoded, { state: 'invalid' });
    // Schema warnings and value-set names (loaded on the first DCC: its own chunk in a browser).
    const content = await dccContent().then(
      (m) => m.checkDccContent(layers.hcert, decoded.fields!),
      // A chunk that cannot load (an offline browser without it cached) must not hide the DCC.
      () => ({
        fields: decoded.fields!,
        warnings: [issue('DCC_SCHEMA', 'Schema: not checked (the validator could not be loaded)', 'hcert')],
      }),
    );
    const parsed = {
      ...decoded,
      fields: content.fields,
      warnings: [...decoded.warnings, ...content.warnings],
    };
    const rules = context.rules && { rules: await dccRules(layers, context.rules, context, at) };
    if (!context.dccKeys)
      return {
        ...fromParsed('dcc', parsed, { state: 'untrusted', alg: parsed.fields.alg, kid: parsed.fields.kid }),
        ...rules,
      };
    const v = await verifyDecodedDcc(layers, context.dccKeys, at);
    if (v.state === 'valid' && v.kid !== undefined && context.dccRevocations) {
      const revoked = await checkDccRevocation(layers, decoded.fields, v.kid, context.dccRevocations);
      if (revoked)
        return {
          ...fromParsed('dcc', parsed, { state: 'invalid', kid: v.kid }, [revoked], v.warnings),
          ...rules,
        };
    }
    return { ...fromParsed('dcc', parsed, { state: v.state, kid: v.kid }, v.errors, v.warnings), ...rules };
  }
  if (/^shc:\//i.test(text)) {
    const { parsed, layers } = decodeShcLayers(text);
    if (context.symbol) parsed.warnings.push(...checkShcSymbol(context.symbol, text));
    if (!layers || !parsed.fields || parsed.errors.length > 0)
      return fromParsed('shc', parsed, { state: 'invalid' });
    if (!context.shcKeys) return fromParsed('shc', parsed, { state: 'untrusted' });
    const v = await verifyDecodedShc(layers, context.shcKeys, at);
    return fromParsed('shc', parsed, { state: v.state, kid: v.kid }, v.errors, v.warnings);
  }
  if (isVenueText(text)) {
    const parsed = parseVenue(text);
    // Venue codes are always signed; verify even when a field is malformed, so a tampered
    // code reads as invalid rather than merely malformed.
    const v = await verifySigned(text, 'venue', context.trust, at);
    return fromParsed('venue', parsed, v.info, v.errors, v.warnings);
  }
  if (isDeclarationText(text)) {
    const parsed = parseDeclaration(text, { now: at });
    const v = await verifySigned(text, 'declaration', context.trust, at);
    return fromParsed('declaration', parsed, v.info, v.errors, v.warnings);
  }
  if (isCitizenIdText(text))
    return fromParsed('citizen-id', decodeCitizenId(text, undefined, { now: at }), UNSIGNED);
  if (text.includes('|')) {
    if (looksLikePersonal(text)) {
      const parsed = parsePersonal(text, { now: at });
      // Always verify: verifySigned answers `unsigned` itself when nothing signature-like is
      // present, and a damaged signed code must not pass as an unsigned one.
      const v = await verifySigned(text, 'personal', context.trust, at);
      return fromParsed('personal-1405', parsed, v.info, v.errors, v.warnings);
    }
    if (looksLikeCccd(text)) return fromParsed('cccd', parseCccd(text, { now: at }), UNSIGNED);
  }
  return unknown([
    issue(
      'UNRECOGNISED',
      'not a code OneQR reads: expected a Decision 1405 personal QR, a CCCD card QR, a 12-digit ID, a venue or declaration QR, HC1: or shc:/',
    ),
  ]);
}

/** The business rules' outcomes for a decoded DCC (value sets: the caller's, else the embedded ones). */
async function dccRules(
  layers: DccLayers,
  rules: readonly unknown[],
  context: ReadContext,
  at: Date,
): Promise<DccRulesEvaluation> {
  const { countryCode = '', region, valueSets } = context.rulesContext ?? {};
  const sets =
    valueSets ??
    (await dccContent().then(
      (m) => m.embeddedRuleValueSets(),
      () => ({}),
    ));
  return evaluateDccRules(layers, rules, {
    at,
    countryCode,
    ...(region !== undefined && { region }),
    valueSets: sets,
  });
}

/**
 * SPEC §3: a 1405 QR has six `|` fields, field 3 a `YYYY-MM-DD` date and field 4 ∈ {0,1}.
 * Either marker is enough to report field errors as a personal QR rather than "unrecognised".
 */
function looksLikePersonal(text: string): boolean {
  const parts = text.split('|', 6);
  if (parts.length < 6) return false;
  return /^\d{4}-\d{1,2}-\d{1,2}$/.test(parts[2] ?? '') || /^[01]$/.test(parts[3] ?? '');
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else n += 3; // BMP, or a lone surrogate (encoded as U+FFFD, 3 bytes)
  }
  return n;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function fromParsed<K extends Kind>(
  kind: K,
  parsed: { fields: FieldsOfKind[K] | null; errors: Issue[]; warnings: Issue[] },
  signature: SignatureInfo,
  moreErrors: Issue[] = [],
  moreWarnings: Issue[] = [],
): ReadResult {
  return {
    kind,
    fields: parsed.fields ?? null,
    signature,
    errors: [...parsed.errors, ...moreErrors],
    warnings: [...parsed.warnings, ...moreWarnings],
  } as ReadResult;
}

function unknown(errors: Issue[]): ReadResult {
  return { kind: 'unknown', fields: null, signature: UNSIGNED, warnings: [], errors };
}
