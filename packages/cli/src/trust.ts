/** Loads `--trust FILE` sources into one TrustStore for offline verification. */
import { parseTrustList, verifyTrustList, TrustStore, type TrustListDocument } from '@oneqr/qr';
import { CliError, flatten } from './cli-error.ts';
import { readJsonFile, readTextFile } from './io.ts';

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
  if (files.length === 0) return undefined;
  const root = rootPublicFile
    ? ((await readJsonFile(rootPublicFile, 'root public key')) as JsonWebKey)
    : undefined;
  if (root && 'd' in root)
    throw new CliError(`root public key "${rootPublicFile}" contains a private key: pass the public JWK`);
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
  return TrustStore.from(docs);
}

function warn(file: string, warnings: readonly { code: string; message: string }[]): void {
  for (const w of warnings)
    process.stderr.write(`oneqr: warning: ${flatten(`trust list "${file}": ${w.code}: ${w.message}`)}\n`);
}
