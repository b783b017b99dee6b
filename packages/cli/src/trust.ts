/** Loads `--trust FILE` sources into one TrustStore for offline verification. */
import { kidOf, parseTrustList, verifyTrustList, TrustStore, type TrustListDocument } from '@oneqr/qr';
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
 * A signed trust list has its root signature checked when `rootPublicFile` is given;
 * otherwise a local file is trusted as given (the operator put it there). A list past its
 * nextUpdate at `at` (default now) is still used, with a TRUST_LIST_STALE warning on stderr.
 */
export async function loadTrust(
  files: string[],
  rootPublicFile?: string,
  at: Date = new Date(),
): Promise<TrustStore | undefined> {
  const docs = await loadTrustDocuments(files, rootPublicFile, at);
  return docs === undefined ? undefined : TrustStore.from(docs);
}

/** {@link loadTrust}'s checked documents, for a caller that builds stores elsewhere (read's workers). */
export async function loadTrustDocuments(
  files: string[],
  rootPublicFile?: string,
  at: Date = new Date(),
): Promise<TrustListDocument[] | undefined> {
  if (files.length === 0) return undefined;
  const root = rootPublicFile ? await readRootPublicKey(rootPublicFile) : undefined;
  const docs: TrustListDocument[] = [];
  for (const file of files) {
    const text = await readTextFile(file, 'trust file');
    if (root) {
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
  return docs;
}

function warn(file: string, warnings: readonly { code: string; message: string }[]): void {
  for (const w of warnings)
    process.stderr.write(`oneqr: warning: ${flatten(`trust list "${file}": ${w.code}: ${w.message}`)}\n`);
}
