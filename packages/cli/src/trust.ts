/** Loads `--trust FILE` sources into one TrustStore for offline verification. */
import {
  dccKeySourceFromCertificates,
  dccKid,
  kidOf,
  parseTrustList,
  verifyTrustList,
  TrustStore,
  type DccKeySource,
  type TrustListDocument,
} from '@oneqr/qr';
import { CliError, flatten } from './cli-error.ts';
import { readJsonFile, readTextFile } from './io.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `--root-public FILE` of `read` and `trust-list verify`: the root's public JWK as
 * `keys generate` prints it, or `{kid, publicJwk}` as `GET /v1/trust-list/root-key` answers
 * (then the kid must be the key's). A private key is refused: it has no business on a scanner.
 */
export async function readRootPublicKey(file: string): Promise<JsonWebKey> {
  const what = 'root public key';
  const raw = await readJsonFile(file, what);
  if (!isObject(raw)) throw new CliError(`${what} "${file}" must be a JSON object (a public JWK)`);
  let jwk: Record<string, unknown> = raw;
  if ('publicJwk' in raw) {
    if (!isObject(raw.publicJwk)) throw new CliError(`${what} "${file}": publicJwk must be a JWK object`);
    jwk = raw.publicJwk;
  }
  if ('d' in jwk || 'd' in raw)
    throw new CliError(`${what} "${file}" contains a private key: pass the public JWK`);
  if (jwk !== raw && raw.kid !== undefined) {
    let kid: string;
    try {
      kid = await kidOf(jwk as JsonWebKey);
    } catch {
      throw new CliError(`${what} "${file}": publicJwk is not a P-256 public key`);
    }
    if (raw.kid !== kid)
      throw new CliError(`${what} "${file}": kid ${JSON.stringify(raw.kid)} is not its publicJwk's (${kid})`);
  }
  return jwk as JsonWebKey;
}

/**
 * What `--trust` files give `read`: checked OneQR trust-list documents and DCC document signer
 * certificates (DER), as plain data so that read's worker threads can take them too.
 */
export interface TrustSources {
  docs: TrustListDocument[] | undefined;
  dscs: Uint8Array[] | undefined;
}

/** The read context parts of loaded sources: a trust store and a DCC key source. */
export function trustContext(sources: TrustSources): { trust?: TrustStore; dccKeys?: DccKeySource } {
  return {
    ...(sources.docs && { trust: TrustStore.from(sources.docs) }),
    ...(sources.dscs && { dccKeys: dccKeySourceFromCertificates(sources.dscs) }),
  };
}

/**
 * Each file is a signed OneQR trust list (JWS) or an EU gateway DSC list (a JSON array of
 * `{kid, country, certificateType, rawData}`, rawData base64 DER; only DSC entries sign DCCs).
 * A signed trust list has its root signature checked when `rootPublicFile` is given;
 * otherwise a local file is trusted as given (the operator put it there). A list past its
 * nextUpdate at `at` (default now) is still used, with a TRUST_LIST_STALE warning on stderr.
 */
export async function loadTrustSources(
  files: string[],
  rootPublicFile?: string,
  at: Date = new Date(),
): Promise<TrustSources> {
  const docs: TrustListDocument[] = [];
  const dscs: Uint8Array[] = [];
  const root = rootPublicFile && files.length > 0 ? await readRootPublicKey(rootPublicFile) : undefined;
  for (const file of files) {
    const text = await readTextFile(file, 'trust file');
    if (text.trimStart().startsWith('[')) {
      dscs.push(...(await gatewayDscs(file, text)));
    } else if (root) {
      const verified = await verifyTrustList(text, root, { at });
      if ('errors' in verified) {
        const first = verified.errors[0];
        throw new CliError(`trust list "${file}" failed verification: ${first?.code}: ${first?.message}`, 1);
      }
      warn(file, verified.warnings);
      docs.push(verified.document);
    } else {
      const parsed = await parseTrustList(text, { at });
      if ('errors' in parsed) {
        const first = parsed.errors[0];
        throw new CliError(
          `trust file "${file}" is not a OneQR trust list: ${first?.code}: ${first?.message}`,
        );
      }
      warn(file, parsed.warnings);
      docs.push(parsed.document);
    }
  }
  return { docs: docs.length > 0 ? docs : undefined, dscs: dscs.length > 0 ? dscs : undefined };
}

/** The OneQR trust store of `files` (signed trust lists only; DSC lists are left out). */
export async function loadTrust(
  files: string[],
  rootPublicFile?: string,
  at: Date = new Date(),
): Promise<TrustStore | undefined> {
  const { docs } = await loadTrustSources(files, rootPublicFile, at);
  return docs === undefined ? undefined : TrustStore.from(docs);
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The DSC certificates of an EU gateway trust list; each entry's kid must be its certificate's. */
async function gatewayDscs(file: string, text: string): Promise<Uint8Array[]> {
  const where = `EU DSC list "${file}"`;
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new CliError(`${where} is not valid JSON`);
  }
  if (!Array.isArray(list)) throw new CliError(`${where} must be a JSON array`);
  const out: Uint8Array[] = [];
  for (const [i, entry] of list.entries()) {
    if (!isObject(entry)) throw new CliError(`${where}: entry ${i} must be an object`);
    for (const field of ['kid', 'country', 'certificateType', 'rawData'] as const) {
      if (typeof entry[field] !== 'string' || entry[field] === '')
        throw new CliError(`${where}: entry ${i}: ${field} must be a non-empty string`);
    }
    if (String(entry.certificateType).toUpperCase() !== 'DSC') continue;
    const raw = String(entry.rawData);
    if (raw.length % 4 !== 0 || !B64.test(raw))
      throw new CliError(`${where}: entry ${i}: rawData must be base64 (DER)`);
    const der = new Uint8Array(Buffer.from(raw, 'base64'));
    const kid = await dccKid(der);
    if (kid !== entry.kid)
      throw new CliError(
        `${where}: entry ${i}: kid ${JSON.stringify(entry.kid)} is not its certificate's (${kid})`,
      );
    out.push(der);
  }
  return out;
}

function warn(file: string, warnings: readonly { code: string; message: string }[]): void {
  for (const w of warnings)
    process.stderr.write(`oneqr: warning: ${flatten(`trust list "${file}": ${w.code}: ${w.message}`)}\n`);
}
