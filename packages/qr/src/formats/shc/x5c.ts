/**
 * The `x5c` chain an SHC issuer key may carry (leaf first, root last), checked as the SMART dev
 * tools do: every certificate is signed by the next, the root by itself; the leaf's key is the
 * JWK's; its subjectAltName URI is the card's issuer. A certificate out of its validity at the
 * checking instant is a warning (the JWKS, not the chain, is the trust source).
 */
import { issue, type Issue } from '../../errors.ts';
import { b64DecodeOrNull, b64uEncode } from '../../crypto/base64url.ts';
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
import type { ShcJwk } from './types.ts';

/** Longest chain and certificate read: a hostile key set must not make us parse megabytes. */
const MAX_CHAIN = 5;
const MAX_CERT_CHARS = 8192;

const CURVES: Record<string, { name: string; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};
const ECDSA_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';

interface ChainCert {
  tbs: Uint8Array;
  hash: string | undefined;
  signature: Uint8Array;
  spki: Uint8Array;
  curve: { name: string; size: number } | undefined;
  /** The uncompressed point (0x04 ‖ x ‖ y). */
  point: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  uris: string[];
}

function base64(text: string): Uint8Array {
  const der = text.length > MAX_CERT_CHARS ? null : b64DecodeOrNull(text);
  if (der === null || der.length === 0) throw new DerError('not base64');
  return der;
}

function subjectAltUris(tbsFields: DerNode[]): string[] {
  const wrapper = tbsFields.find((n) => n.tag === 0xa3);
  if (!wrapper) return [];
  const [extensions] = derChildren(wrapper);
  for (const ext of derChildren(expectTag(extensions, DER_TAG.SEQUENCE, 'extensions'))) {
    const parts = derChildren(expectTag(ext, DER_TAG.SEQUENCE, 'extension'));
    if (derOid(expectTag(parts[0], DER_TAG.OID, 'extension id')) !== OID_SUBJECT_ALT_NAME) continue;
    const value = derContent(expectTag(parts[parts.length - 1], DER_TAG.OCTET_STRING, 'extension value'));
    const names = derChildren(expectTag(readDerRoot(value), DER_TAG.SEQUENCE, 'subjectAltName'));
    // uniformResourceIdentifier [6] IA5String, implicit.
    return names.filter((n) => n.tag === 0x86).map((n) => String.fromCharCode(...derContent(n)));
  }
  return [];
}

function parseCert(der: Uint8Array): ChainCert {
  const [tbs, sigAlg, sig] = derChildren(expectTag(readDerRoot(der), DER_TAG.SEQUENCE, 'certificate'));
  const fields = derChildren(expectTag(tbs, DER_TAG.SEQUENCE, 'tbsCertificate'));
  const f = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
  const validity = derChildren(expectTag(f[3], DER_TAG.SEQUENCE, 'validity'));
  if (validity.length !== 2) throw new DerError('validity: expected two times');
  const spki = expectTag(f[5], DER_TAG.SEQUENCE, 'subjectPublicKeyInfo');
  const [keyAlg, keyBits] = derChildren(spki);
  const [keyOid, params] = derChildren(expectTag(keyAlg, DER_TAG.SEQUENCE, 'key algorithm'));
  const isEc = derOid(expectTag(keyOid, DER_TAG.OID, 'key algorithm')) === OID_EC_PUBLIC_KEY;
  const [sigOid] = derChildren(expectTag(sigAlg, DER_TAG.SEQUENCE, 'signature algorithm'));
  return {
    tbs: derEncoded(tbs!),
    hash: ECDSA_HASH[derOid(expectTag(sigOid, DER_TAG.OID, 'signature algorithm'))],
    signature: derBitStringBytes(sig!),
    spki: derEncoded(spki),
    curve: isEc && params?.tag === DER_TAG.OID ? CURVES[derOid(params)] : undefined,
    point: derBitStringBytes(keyBits!),
    notBefore: derTime(validity[0]!),
    notAfter: derTime(validity[1]!),
    uris: subjectAltUris(f.slice(6)),
  };
}

/** An ECDSA-Sig-Value (DER SEQUENCE of two INTEGERs) as WebCrypto's fixed-size r ‖ s. */
function rawSignature(der: Uint8Array, size: number): Uint8Array {
  const [r, s] = derChildren(expectTag(readDerRoot(der), DER_TAG.SEQUENCE, 'ECDSA signature'));
  const out = new Uint8Array(2 * size);
  for (const [i, n] of [r, s].entries()) {
    let bytes = derContent(expectTag(n, DER_TAG.INTEGER, 'ECDSA signature'));
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) throw new DerError('ECDSA signature: integer too large');
    out.set(bytes, (i + 1) * size - bytes.length);
  }
  return out;
}

async function signedBy(child: ChainCert, parent: ChainCert): Promise<boolean> {
  if (!child.hash || !parent.curve) return false;
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey(
    'spki',
    parent.spki as BufferSource,
    { name: 'ECDSA', namedCurve: parent.curve.name },
    false,
    ['verify'],
  );
  return subtle.verify(
    { name: 'ECDSA', hash: child.hash },
    key,
    rawSignature(child.signature, parent.curve.size) as BufferSource,
    child.tbs as BufferSource,
  );
}

/** Checks `jwk.x5c` when present; no issues when the key carries no chain. Never throws. */
export async function checkShcX5c(
  jwk: ShcJwk & { x5c?: unknown },
  iss: string,
  at: Date,
): Promise<{ errors: Issue[]; warnings: Issue[] }> {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const x5c = jwk.x5c;
  if (x5c === undefined) return { errors, warnings };
  const fail = (why: string) => {
    errors.push(issue('SHC_X5C_INVALID', `Key: x5c ${why}`, 'x5c'));
    return { errors, warnings };
  };
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > MAX_CHAIN) {
    return fail(`must be a list of 1 to ${MAX_CHAIN} certificates`);
  }
  let chain: ChainCert[];
  try {
    chain = x5c.map((c) => parseCert(base64(typeof c === 'string' ? c : '')));
  } catch (e) {
    return fail(`holds an unreadable certificate (${e instanceof DerError ? e.message : 'malformed'})`);
  }
  try {
    for (let i = 0; i < chain.length; i++) {
      const parent = chain[Math.min(i + 1, chain.length - 1)]!;
      if (!(await signedBy(chain[i]!, parent))) {
        const by = i + 1 < chain.length ? `certificate ${i + 1}` : 'itself';
        return fail(`certificate ${i} is not signed by ${by} (ECDSA)`);
      }
    }
  } catch {
    return fail('holds a key or signature WebCrypto cannot use');
  }
  const leaf = chain[0]!;
  const size = leaf.curve?.size;
  const x = size === 32 && leaf.point[0] === 4 ? b64uEncode(leaf.point.subarray(1, 33)) : undefined;
  const y = x !== undefined ? b64uEncode(leaf.point.subarray(33, 65)) : undefined;
  if (leaf.curve?.name !== 'P-256' || x !== jwk.x || y !== jwk.y) {
    return fail("leaf certificate's key is not the JWK's");
  }
  if (!leaf.uris.includes(iss)) {
    return fail(`leaf certificate's subjectAltName URI is not the issuer ${iss}`);
  }
  for (const [i, cert] of chain.entries()) {
    if (at < cert.notBefore || at > cert.notAfter) {
      warnings.push(
        issue(
          'SHC_X5C_VALIDITY',
          `Key: x5c certificate ${i} is valid ${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}, not at the checking instant`,
          'x5c',
        ),
      );
    }
  }
  return { errors, warnings };
}
