/**
 * EU DCC revocation: batches of hashes of revoked certificates, each under the kid of the
 * document signer that signed them (the EU gateway's revocation batch shape, as GET
 * /v1/trust-list/dcc-revocations answers). A hash is the first 16 bytes of SHA-256, base64, of:
 * the UVCI (`UCI`), the issuing country code then the UVCI (`COUNTRYCODEUCI`), or the COSE
 * signature (`SIGNATURE`; for ECDSA its r half). A verified DCC any hash of which is listed under
 * its kid is refused as DCC_REVOKED.
 */
import { issue, type Issue } from '../../errors.ts';
import { b64Encode } from '../../crypto/base64url.ts';
import type { DccLayers } from './decode.ts';
import type { DccFields } from './types.ts';

export const DCC_REVOCATION_HASH_TYPES = ['UCI', 'COUNTRYCODEUCI', 'SIGNATURE'] as const;
export type DccRevocationHashType = (typeof DCC_REVOCATION_HASH_TYPES)[number];

/** One revocation batch; `hash` values are base64 (standard alphabet, padded) of 16 bytes. */
export interface DccRevocationBatch {
  country: string;
  /** ISO 8601: the latest expiry of its entries (after it the batch may be dropped). */
  expires: string;
  kid: string;
  hashType: DccRevocationHashType;
  entries: { hash: string }[];
}

/** The revoked hashes, by signer kid and hash type, for a verifier to look up. */
export interface DccRevocationSource {
  /** The hash types listed for `kid` (none: nothing signed by it is revoked). */
  hashTypes(kid: string): readonly DccRevocationHashType[];
  has(kid: string, hashType: DccRevocationHashType, hash: string): boolean;
}

/** A revocation source over checked batches (parseDccRevocationList); pure data in, an index out. */
export function dccRevocationSource(batches: readonly DccRevocationBatch[]): DccRevocationSource {
  const index = new Map<string, Map<DccRevocationHashType, Set<string>>>();
  for (const b of batches) {
    const byType = index.get(b.kid) ?? new Map<DccRevocationHashType, Set<string>>();
    const set = byType.get(b.hashType) ?? new Set<string>();
    for (const e of b.entries) set.add(e.hash);
    byType.set(b.hashType, set);
    index.set(b.kid, byType);
  }
  return {
    hashTypes: (kid) => [...(index.get(kid)?.keys() ?? [])],
    has: (kid, hashType, hash) => index.get(kid)?.get(hashType)?.has(hash) ?? false,
  };
}

/** The EU revocation hash: first 16 bytes of SHA-256, base64. */
export async function dccRevocationHash(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return b64Encode(digest.subarray(0, 16));
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The bytes a hash type hashes for one certificate id (several for SIGNATURE: just one). */
function hashInputs(
  type: DccRevocationHashType,
  layers: DccLayers,
  fields: DccFields,
  alg: 'ES256' | 'PS256' | undefined,
): { what: string; bytes: Uint8Array }[] {
  if (type === 'SIGNATURE') {
    const sig = layers.cose.signature;
    // ECDSA signatures hash their r only (the s half can be re-signed to a second valid form).
    const bytes = alg === 'ES256' ? sig.subarray(0, sig.length / 2) : sig;
    return [{ what: 'its signature', bytes }];
  }
  const entries = [...(fields.vaccinations ?? []), ...(fields.tests ?? []), ...(fields.recoveries ?? [])];
  return entries.flatMap((e) => {
    if (!e.certificateId) return [];
    const id = e.certificateId;
    return type === 'UCI'
      ? [{ what: id, bytes: utf8(id) }]
      : [{ what: id, bytes: utf8(`${e.country ?? ''}${id}`) }];
  });
}

/**
 * The DCC_REVOKED issue when a verified DCC, signed under `kid`, is on the revocation list;
 * otherwise undefined. Only the hash types listed for the kid are computed.
 */
export async function checkDccRevocation(
  layers: DccLayers,
  fields: DccFields,
  kid: string,
  revocations: DccRevocationSource,
): Promise<Issue | undefined> {
  const alg = layers.cose.alg === -7 ? 'ES256' : layers.cose.alg === -37 ? 'PS256' : undefined;
  for (const type of revocations.hashTypes(kid)) {
    for (const input of hashInputs(type, layers, fields, alg)) {
      if (revocations.has(kid, type, await dccRevocationHash(input.bytes))) {
        return issue(
          'DCC_REVOKED',
          `Revocation: the issuer revoked this certificate (${input.what}, hash type ${type})`,
          type === 'SIGNATURE' ? 'signature' : 'certificateIds',
        );
      }
    }
  }
  return undefined;
}
