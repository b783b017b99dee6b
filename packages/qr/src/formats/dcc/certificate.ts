import { issue, type Issue } from '../../errors.ts';
import {
  DER_TAG,
  DerError,
  derBitStringBytes,
  derChildren,
  derContent,
  derEncoded,
  derOid,
  derTime,
  expectTag,
  readDerRoot,
  type DerNode,
} from '../../lib/der.ts';
import { b64Encode } from '../../crypto/base64url.ts';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EXT_KEY_USAGE = '2.5.29.37';

/** What a DCC verifier needs from a Document Signer Certificate. */
export interface DccCertificate {
  der: Uint8Array;
  /** SubjectPublicKeyInfo, DER, ready for WebCrypto 'spki' import. */
  spki: Uint8Array;
  keyType: 'EC-P256' | 'RSA' | 'other';
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs, dotted; empty when the extension is absent. */
  extendedKeyUsage: string[];
}

export type CertificateResult = { ok: true; certificate: DccCertificate } | { ok: false; issue: Issue };

function keyTypeOf(spki: DerNode): DccCertificate['keyType'] {
  const [algId] = derChildren(spki);
  const [oid, params] = derChildren(expectTag(algId, DER_TAG.SEQUENCE, 'key algorithm'));
  const alg = derOid(expectTag(oid, DER_TAG.OID, 'key algorithm'));
  if (alg === OID_RSA) return 'RSA';
  if (alg === OID_EC_PUBLIC_KEY && params?.tag === DER_TAG.OID && derOid(params) === OID_P256)
    return 'EC-P256';
  return 'other';
}

function extendedKeyUsage(tbsFields: DerNode[]): string[] {
  const wrapper = tbsFields.find((n) => n.tag === 0xa3); // [3] EXPLICIT Extensions
  if (!wrapper) return [];
  const [extensions] = derChildren(wrapper);
  for (const ext of derChildren(expectTag(extensions, DER_TAG.SEQUENCE, 'extensions'))) {
    const parts = derChildren(expectTag(ext, DER_TAG.SEQUENCE, 'extension'));
    if (derOid(expectTag(parts[0], DER_TAG.OID, 'extension id')) !== OID_EXT_KEY_USAGE) continue;
    const value = expectTag(parts[parts.length - 1], DER_TAG.OCTET_STRING, 'extension value');
    const content = derContent(value);
    const seq = readDerRoot(content);
    return derChildren(expectTag(seq, DER_TAG.SEQUENCE, 'extended key usage')).map(derOid);
  }
  return [];
}

/**
 * Reads the parts of an X.509 certificate a DCC verifier uses: key, validity, extended key
 * usage. Does not check the certificate's own signature (trust comes from the trust list).
 */
export function parseDccCertificate(der: Uint8Array): CertificateResult {
  try {
    const root = expectTag(readDerRoot(der), DER_TAG.SEQUENCE, 'certificate');
    const [tbs] = derChildren(root);
    const fields = derChildren(expectTag(tbs, DER_TAG.SEQUENCE, 'tbsCertificate'));
    // Skip the optional [0] version so the positional fields line up.
    const f = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
    const validity = derChildren(expectTag(f[3], DER_TAG.SEQUENCE, 'validity'));
    const spkiNode = expectTag(f[5], DER_TAG.SEQUENCE, 'subjectPublicKeyInfo');
    derBitStringBytes(derChildren(spkiNode)[1]!);
    if (validity.length !== 2) throw new DerError('validity: expected two times');
    return {
      ok: true,
      certificate: {
        der,
        spki: derEncoded(spkiNode).slice(),
        keyType: keyTypeOf(spkiNode),
        notBefore: derTime(validity[0]!),
        notAfter: derTime(validity[1]!),
        extendedKeyUsage: extendedKeyUsage(f.slice(6)),
      },
    };
  } catch (e) {
    const reason = e instanceof DerError ? e.message : 'unreadable';
    return { ok: false, issue: issue('DCC_CERTIFICATE', `Certificate: ${reason}`, 'certificate') };
  }
}

/** The DCC key identifier of a certificate: the first 8 bytes of SHA-256 over its DER, base64. */
export async function dccKid(certDer: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', certDer as BufferSource));
  return b64Encode(digest.subarray(0, 8));
}

/** Imports a certificate's key for WebCrypto: EC P-256 as ECDSA, RSA as RSA-PSS (SHA-256). */
export async function importCertificateKey(certificate: DccCertificate): Promise<CryptoKey> {
  const algorithm =
    certificate.keyType === 'EC-P256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : certificate.keyType === 'RSA'
        ? { name: 'RSA-PSS', hash: 'SHA-256' }
        : null;
  if (!algorithm) throw new Error('unsupported key type');
  return globalThis.crypto.subtle.importKey('spki', certificate.spki as BufferSource, algorithm, false, [
    'verify',
  ]);
}
