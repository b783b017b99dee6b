/**
 * The signed trust list (SPEC §4): a JWS compact string, protected header
 * `{ alg: 'ES256', kid: <root kid>, typ: 'oneqr-trust-list+jws' }`, payload the JSON document.
 * On disk: that string alone, or JSON `{ "jws": "<string>" }`. See docs/trust-list.md.
 */
import { issue, OneQRError, type Issue } from '../errors.ts';
import { importPrivateKey } from '../crypto/es256.ts';
import { isJwsDefect, parseCompactJws, signCompact, type CompactJws } from '../crypto/jws.ts';
import { importVerifyKey, verifyWith, type VerifyKey } from '../crypto/verify-key.ts';
import { kidOf } from '../crypto/kid.ts';
import { TRUST_LIST_JWS_TYP, type TrustListDocument } from './types.ts';
import { validateTrustListDocument } from './validate.ts';

/** Largest trust list text accepted (characters). */
export const TRUST_LIST_MAX_LENGTH = 32 * 1024 * 1024;

/** A trust list that passed every check. `warnings` holds e.g. TRUST_LIST_STALE. */
export type TrustListResult = { document: TrustListDocument; warnings: Issue[] } | { errors: Issue[] };

/** Options of {@link verifyTrustList} and {@link parseTrustList}. */
export interface TrustListReadOptions {
  /** The checking instant; when past `nextUpdate`, a TRUST_LIST_STALE warning is given. */
  at?: Date;
}

/**
 * Signs a trust list document with the root key (validated first; throws OneQRError when invalid).
 *
 * @returns the JWS compact string (write it as is, or as `{ "jws": … }`)
 * @example const jws = await signTrustList(await buildTrustList(input), rootPrivateJwk)
 */
export async function signTrustList(doc: TrustListDocument, rootPrivateJwk: JsonWebKey): Promise<string> {
  const checked = await validateTrustListDocument(doc);
  if ('errors' in checked) {
    const first = checked.errors[0]!;
    throw new OneQRError(first.code, first.message, first.field);
  }
  const key = await importPrivateKey(rootPrivateJwk);
  const header = { alg: 'ES256', kid: await kidOf(rootPrivateJwk), typ: TRUST_LIST_JWS_TYP };
  return signCompact(header, JSON.stringify(checked.document), key);
}

type Unwrapped =
  { kind: 'jws'; parts: CompactJws } | { kind: 'json'; value: unknown } | { kind: 'error'; issue: Issue };

/** Reads the three accepted forms: compact JWS, `{ "jws": … }`, or a bare JSON document. */
function unwrap(input: string): Unwrapped {
  if (typeof input !== 'string')
    return { kind: 'error', issue: issue('TRUST_LIST_SYNTAX', 'trust list must be text') };
  if (input.length > TRUST_LIST_MAX_LENGTH) {
    return {
      kind: 'error',
      issue: issue('TRUST_LIST_TOO_LARGE', `trust list is over ${TRUST_LIST_MAX_LENGTH} characters`),
    };
  }
  const text = input.trim();
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'error', issue: issue('TRUST_LIST_SYNTAX', 'trust list file is not valid JSON') };
    }
    const jws = (value as { jws?: unknown }).jws;
    if (jws === undefined) return { kind: 'json', value };
    if (typeof jws !== 'string')
      return { kind: 'error', issue: issue('TRUST_LIST_SYNTAX', 'jws must be a string', 'jws') };
    const parts = parseCompact(jws.trim());
    return 'code' in parts ? { kind: 'error', issue: parts } : { kind: 'jws', parts };
  }
  const parts = parseCompact(text);
  return 'code' in parts ? { kind: 'error', issue: parts } : { kind: 'jws', parts };
}

function headerProblem(header: Record<string, unknown>): Issue | null {
  if (header.alg !== 'ES256') return issue('TRUST_LIST_HEADER', 'JWS header alg must be ES256', 'alg');
  if (header.typ !== TRUST_LIST_JWS_TYP) {
    return issue('TRUST_LIST_HEADER', `JWS header typ must be ${TRUST_LIST_JWS_TYP}`, 'typ');
  }
  if (header.crit !== undefined)
    return issue('TRUST_LIST_HEADER', 'JWS header crit is not supported', 'crit');
  return null;
}

async function finish(payload: unknown, options: TrustListReadOptions): Promise<TrustListResult> {
  const checked = await validateTrustListDocument(payload);
  if ('errors' in checked) return checked;
  const warnings: Issue[] = [];
  const next = checked.document.nextUpdate;
  if (options.at !== undefined && next !== undefined && options.at.getTime() > Date.parse(next)) {
    warnings.push(
      issue('TRUST_LIST_STALE', `nextUpdate: the list was due for renewal at ${next}`, 'nextUpdate'),
    );
  }
  return { document: checked.document, warnings };
}

/** The trust list's reading of a compact JWS: any defect is TRUST_LIST_SYNTAX. */
function parseCompact(text: string): CompactJws | Issue {
  const jws = parseCompactJws(text);
  if (!isJwsDefect(jws)) return jws;
  const why = {
    parts: 'not a JWS compact string (3 dot-separated parts)',
    base64url: 'JWS part is not base64url',
    'header-json': 'JWS header is not JSON, or not UTF-8',
    'header-object': 'JWS header is not a JSON object',
  }[jws.defect];
  return issue('TRUST_LIST_SYNTAX', why);
}

function parsePayload(parts: CompactJws): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(parts.payload));
  } catch {
    return undefined;
  }
}

/**
 * Verifies a signed trust list against the root public key, then validates the document.
 *
 * @example const r = await verifyTrustList(text, rootPublicJwk, { at: new Date() }); if ('document' in r) …
 */
export async function verifyTrustList(
  signed: string,
  rootPublicJwk: JsonWebKey,
  options: TrustListReadOptions = {},
): Promise<TrustListResult> {
  const u = unwrap(signed);
  if (u.kind === 'error') return { errors: [u.issue] };
  if (u.kind === 'json') return { errors: [issue('TRUST_LIST_SYNTAX', 'trust list is not signed (no JWS)')] };
  const bad = headerProblem(u.parts.header);
  if (bad !== null) return { errors: [bad] };
  let root: VerifyKey | null;
  let rootKid = '';
  try {
    root = await importVerifyKey({ jwk: rootPublicJwk }, 'ES256');
    rootKid = await kidOf(rootPublicJwk);
  } catch {
    root = null;
  }
  if (root === null) {
    return { errors: [issue('TRUST_LIST_ROOT_KEY_INVALID', 'the root key is not a P-256 public JWK')] };
  }
  if (u.parts.header.kid !== rootKid) {
    return {
      errors: [
        issue('TRUST_LIST_ROOT_MISMATCH', `JWS header kid is not the root key's kid ${rootKid}`, 'kid'),
      ],
    };
  }
  if (!(await verifyWith(root, u.parts.signature, u.parts.signingInput))) {
    return {
      errors: [issue('TRUST_LIST_SIGNATURE_INVALID', 'the root signature of the trust list does not verify')],
    };
  }
  const payload = parsePayload(u.parts);
  if (payload === undefined) return { errors: [issue('TRUST_LIST_SYNTAX', 'JWS payload is not JSON')] };
  return finish(payload, options);
}

/**
 * Reads a trust list WITHOUT checking the root signature ("a local file is trusted as given"):
 * compact JWS, `{ "jws": … }`, or the bare JSON document. The document is still fully validated.
 */
export async function parseTrustList(
  signedOrJson: string,
  options: TrustListReadOptions = {},
): Promise<TrustListResult> {
  const u = unwrap(signedOrJson);
  if (u.kind === 'error') return { errors: [u.issue] };
  if (u.kind === 'json') return finish(u.value, options);
  const payload = parsePayload(u.parts);
  if (payload === undefined) return { errors: [issue('TRUST_LIST_SYNTAX', 'JWS payload is not JSON')] };
  return finish(payload, options);
}
