/** Loads `--trust FILE` sources into one TrustStore for offline verification. */
import { parseTrustList, verifyTrustList, TrustStore, type TrustListDocument } from '@oneqr/qr';
import { CliError } from './cli-error.ts';
import { readJsonFile, readTextFile } from './io.ts';

/**
 * A signed trust list has its root signature checked when `rootPublicFile` is given;
 * otherwise a local file is trusted as given (the operator put it there).
 */
export async function loadTrust(files: string[], rootPublicFile?: string): Promise<TrustStore | undefined> {
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
      const verified = await verifyTrustList(text, root);
      if ('errors' in verified) {
        const first = verified.errors[0];
        throw new CliError(`trust list "${file}" failed verification: ${first?.code}: ${first?.message}`, 1);
      }
      docs.push(verified.document);
    } else {
      const parsed = await parseTrustList(text);
      if ('errors' in parsed) {
        const first = parsed.errors[0];
        throw new CliError(
          `trust file "${file}" is not a OneQR trust list: ${first?.code}: ${first?.message}`,
        );
      }
      docs.push(parsed.document);
    }
  }
  return TrustStore.from(docs);
}
