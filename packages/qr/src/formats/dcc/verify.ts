import { issue, type Issue } from '../../errors.ts';
import { b64Encode } from '../../crypto/base64url.ts';
import { keyCacheOf, verifyWith, type VerifyKey, type VerifyKeyCache } from '../../crypto/verify-key.ts';
import { fail, uniqueCodes } from '../../lib/step.ts';
import { dccKid, parseDccCertificate, type CertificateResult, type DccCertificate } from './certificate.ts';
import { sigStructure } from './cose.ts';
import { decodeDccLayers, type DccLayers } from './decode.ts';
import { checkDccKeyUsage, dccTypes } from './key-usage.ts';
import { coseAlgName, dccCertificateKey, dccVerifyKey } from './signature.ts';
import type { DccKeySource, DccSigner, DccVerification } from './types.ts';
import { checkDccValidity } from './validity.ts';

/**
 * Verifies an EU DCC (`HC1:` text): decodes every layer, finds the signer by kid, checks the
 * COSE signature (ES256 or PS256), the validity chain (certificate notBefore ≤ iat ≤ `at` ≤ exp
 * ≤ certificate notAfter) and the certificate's extended key usage. Never throws.
 *
 * `untrusted`: the key source knows no signer for the kid; `invalid`: anything failed.
 *
 * @example
 * const result = await verifyDcc(qrText, dccKeySourceFromCertificates([dscDer]), new Date());
 * if (result.state === 'valid') show(decodeDcc(qrText).fields);
 */
export async function verifyDcc(text: string, keys: DccKeySource, at: Date): Promise<DccVerification> {
  const { parsed, layers } = decodeDccLayers(text);
  const kid = parsed.fields?.kid;
  const base = kid === undefined ? {} : { kid };
  if (!layers || parsed.errors.length > 0) {
    return { state: 'invalid', errors: parsed.errors, warnings: [...parsed.warnings], ...base };
  }
  const v = await verifyDecodedDcc(layers, keys, at);
  return { ...v, warnings: [...parsed.warnings, ...v.warnings] };
}

/** A signer's certificate, parsed and its kid computed once per certificate. */
function certificateOf(
  cache: VerifyKeyCache,
  der: Uint8Array,
): Promise<{ parsed: CertificateResult; kid: string | null }> {
  return cache.memoOn(der, 'certificate', async () => {
    const parsed = parseDccCertificate(der);
    return { parsed, kid: parsed.ok ? await dccKid(der) : null };
  });
}

/**
 * Verifies a DCC already decoded (`read()` decodes once): the same checks as {@link verifyDcc};
 * `warnings` holds only the verification's own, not the decoding's. Never throws.
 */
export async function verifyDecodedDcc(
  layers: DccLayers,
  keys: DccKeySource,
  at: Date,
): Promise<DccVerification> {
  const { cose, claims, hcert } = layers;
  const warnings: Issue[] = [];
  const base = cose.kid === undefined ? { warnings } : { warnings, kid: b64Encode(cose.kid) };
  try {
    // decodeDccLayers reports these as errors; a caller handing such layers gets them again.
    if (cose.kid === undefined) {
      return {
        state: 'invalid',
        errors: [issue('DCC_KID_MISSING', 'COSE: no kid in either header', 'kid')],
        ...base,
      };
    }
    if (cose.alg === undefined) {
      return {
        state: 'invalid',
        errors: [issue('DCC_ALG_MISSING', 'COSE: no alg in either header', 'alg')],
        ...base,
      };
    }
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      return {
        state: 'invalid',
        errors: [issue('INTERNAL', 'Clock: the validation time is not a valid date')],
        ...base,
      };
    }
    const alg = coseAlgName(cose.alg);
    if (!alg) {
      const msg = `COSE: algorithm ${cose.alg} is not ES256 (-7) or PS256 (-37)`;
      return { state: 'invalid', errors: [issue('DCC_ALG_UNSUPPORTED', msg, 'alg')], ...base };
    }
    const kidB64 = b64Encode(cose.kid);
    const cache = keyCacheOf(keys);
    const signed = sigStructure(cose);
    let signers: DccSigner[];
    try {
      signers = await keys.lookup(kidB64);
    } catch {
      const e = issue('DCC_KEY_LOOKUP_FAILED', `Trust: looking up kid ${kidB64} failed`, 'kid');
      return { state: 'untrusted', errors: [e], ...base };
    }
    if (!Array.isArray(signers) || signers.length === 0) {
      const e = issue('DCC_KEY_UNKNOWN', `Trust: no signing certificate known for kid ${kidB64}`, 'kid');
      return { state: 'untrusted', errors: [e], ...base };
    }
    const attempts: Issue[] = [];
    let chosen: { signer: DccSigner; certificate?: DccCertificate } | undefined;
    for (const signer of signers) {
      let certificate: DccCertificate | undefined;
      if (signer.certificateDer) {
        const c = await certificateOf(cache, signer.certificateDer);
        if (!c.parsed.ok) {
          attempts.push(c.parsed.issue);
          continue;
        }
        certificate = c.parsed.certificate;
        if (c.kid !== kidB64) {
          attempts.push(
            issue('DCC_KID_MISMATCH', `COSE: kid ${kidB64} is not the signing certificate's kid`, 'kid'),
          );
          continue;
        }
      }
      // With a certificate, the key is imported from its SubjectPublicKeyInfo and cached by those
      // bytes (the kid already matched): a source that hands out new key objects on every
      // look-up still imports each key once.
      const key = certificate
        ? await dccCertificateKey(cache, certificate, alg)
        : signer.publicKey !== undefined
          ? await dccVerifyKey(cache, signer.publicKey, alg)
          : fail<VerifyKey>(
              issue('DCC_KEY_INVALID', 'Trust: the signer has neither a certificate nor a key', 'publicKey'),
            );
      if (!key.ok) {
        attempts.push(key.issue);
        continue;
      }
      if (await verifyWith(key.value, cose.signature, signed)) {
        chosen = certificate ? { signer, certificate } : { signer };
        break;
      }
      attempts.push(issue('DCC_SIGNATURE_INVALID', `COSE: ${alg} signature does not verify`, 'signature'));
    }
    if (!chosen) return { state: 'invalid', errors: uniqueCodes(attempts), ...base };
    const { signer, certificate } = chosen;
    const validity = checkDccValidity(
      claims,
      {
        notBefore: signer.notBefore ?? certificate?.notBefore,
        notAfter: signer.notAfter ?? certificate?.notAfter,
      },
      at,
    );
    warnings.push(...validity.warnings);
    const usage = checkDccKeyUsage(
      dccTypes(hcert),
      signer.extendedKeyUsage ?? certificate?.extendedKeyUsage ?? [],
    );
    const errors = [...validity.errors, ...usage];
    return { state: errors.length > 0 ? 'invalid' : 'valid', errors, ...base };
  } catch {
    return {
      state: 'invalid',
      errors: [issue('INTERNAL', 'DCC: unexpected failure while verifying')],
      warnings: [],
    };
  }
}
