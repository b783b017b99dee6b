import { issue, type Issue } from '../../errors.ts';
import { dccKid, importCertificateKey, parseDccCertificate } from './certificate.ts';
import type { DccKeySource, DccSigner } from './types.ts';

/** Makes a signer from a Document Signer Certificate (DER): key, validity and EKU from the certificate. */
export async function dccSignerFromCertificate(
  certificateDer: Uint8Array,
): Promise<{ ok: true; signer: DccSigner; kid: string } | { ok: false; issue: Issue }> {
  const parsed = parseDccCertificate(certificateDer);
  if (!parsed.ok) return parsed;
  const c = parsed.certificate;
  try {
    const publicKey = await importCertificateKey(c);
    const signer: DccSigner = {
      certificateDer,
      publicKey,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      extendedKeyUsage: c.extendedKeyUsage,
    };
    return { ok: true, signer, kid: await dccKid(certificateDer) };
  } catch {
    return {
      ok: false,
      issue: issue(
        'DCC_KEY_INVALID',
        'Certificate: key type not usable (EC P-256 or RSA only)',
        'certificate',
      ),
    };
  }
}

/**
 * A key source over a fixed list of Document Signer Certificates, indexed by their kid.
 * Unreadable certificates, and those with a key that is neither EC P-256 nor RSA, are skipped.
 * Building it parses each certificate and hashes its kid, nothing more: a key is imported on the
 * first verify that needs it (a list of hundreds of EU DSCs builds in milliseconds).
 */
export function dccKeySourceFromCertificates(certificates: Uint8Array[]): DccKeySource {
  let index: Promise<Map<string, DccSigner[]>> | undefined;
  const build = async () => {
    const map = new Map<string, DccSigner[]>();
    for (const der of certificates) {
      const parsed = parseDccCertificate(der);
      if (!parsed.ok || parsed.certificate.keyType === 'other') continue;
      const c = parsed.certificate;
      const kid = await dccKid(der);
      const signer: DccSigner = {
        certificateDer: der,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        extendedKeyUsage: c.extendedKeyUsage,
      };
      map.set(kid, [...(map.get(kid) ?? []), signer]);
    }
    return map;
  };
  return {
    async lookup(kid: string) {
      index ??= build();
      return (await index).get(kid) ?? [];
    },
  };
}
