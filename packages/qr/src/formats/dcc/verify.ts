import { issue, type Issue } from '../../errors.ts';
import { dccKid, parseDccCertificate, type DccCertificate } from './certificate.ts';
import { decodeDccLayers } from './decode.ts';
import { b64Encode } from '../../crypto/base64url.ts';
import { checkDccKeyUsage, dccTypes } from './key-usage.ts';
import { coseAlgName, importDccKey, verifyCoseSignature } from './signature.ts';
import type { DccKeySource, DccSigner, DccVerification } from './types.ts';
import { checkDccValidity } from './validity.ts';

function unique(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => (seen.has(i.code) ? false : (seen.add(i.code), true)));
}

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
  try {
    const { parsed, layers } = decodeDccLayers(text);
    const warnings = [...parsed.warnings];
    const kid = parsed.fields?.kid;
    const base = kid === undefined ? { warnings } : { warnings, kid };
    if (!layers || parsed.errors.length > 0) return { state: 'invalid', errors: parsed.errors, ...base };
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      return {
        state: 'invalid',
        errors: [issue('INTERNAL', 'Clock: the validation time is not a valid date')],
        ...base,
      };
    }
    const { cose, claims, hcert } = layers;
    const alg = coseAlgName(cose.alg!);
    if (!alg) {
      const msg = `COSE: algorithm ${cose.alg} is not ES256 (-7) or PS256 (-37)`;
      return { state: 'invalid', errors: [issue('DCC_ALG_UNSUPPORTED', msg, 'alg')], ...base };
    }
    const kidB64 = b64Encode(cose.kid!);
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
        const c = parseDccCertificate(signer.certificateDer);
        if (!c.ok) {
          attempts.push(c.issue);
          continue;
        }
        certificate = c.certificate;
        if ((await dccKid(signer.certificateDer)) !== kidB64) {
          attempts.push(
            issue('DCC_KID_MISMATCH', `COSE: kid ${kidB64} is not the signing certificate's kid`, 'kid'),
          );
          continue;
        }
      }
      const key = await importDccKey(signer.publicKey, alg);
      if (!key.ok) {
        attempts.push(key.issue);
        continue;
      }
      if (await verifyCoseSignature(cose, key.value, alg)) {
        chosen = certificate ? { signer, certificate } : { signer };
        break;
      }
      attempts.push(issue('DCC_SIGNATURE_INVALID', `COSE: ${alg} signature does not verify`, 'signature'));
    }
    if (!chosen) return { state: 'invalid', errors: unique(attempts), ...base };
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
