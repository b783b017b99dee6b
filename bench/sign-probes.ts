/**
 * Child-side loops for the sign benchmark. Both sign the fixture's bytes with its key; each
 * checks once, before timing, that what it produces verifies.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createSigner, read, signPersonal, TrustStore } from '@oneqr/qr';
import { jwkInput, signedParts, type Fixture } from './lib/fixture.ts';
import { asyncLoop, syncLoop, type LoopMeasure, type LoopOptions } from './lib/loop.ts';

export interface SignProbeInput {
  fixture: Fixture;
  loop: LoopOptions;
  inFlight: number;
}

/** node:crypto one-shot ES256 sign (P1363 `r‖s`) with a cached private KeyObject. */
export function nodeSign({ fixture, loop }: SignProbeInput): LoopMeasure {
  const key = createPrivateKey(jwkInput(fixture.privateJwk));
  const pub = createPublicKey(jwkInput(fixture.publicJwk));
  const { data } = signedParts(fixture.text);
  const opts = { key, dsaEncoding: 'ieee-p1363' as const };
  const sig = sign('sha256', data, opts);
  if (!verify('sha256', data, { key: pub, dsaEncoding: 'ieee-p1363' }, sig)) {
    throw new Error('node:crypto sign: the signature does not verify');
  }
  return syncLoop(() => void sign('sha256', data, opts), loop);
}

/** The library's `signPersonal` (WebCrypto) with a ready signer from `createSigner`. */
export async function librarySign({ fixture, loop, inFlight }: SignProbeInput): Promise<LoopMeasure> {
  const signer = await createSigner(fixture.privateJwk);
  const text = await signPersonal(fixture.unsigned, signer, fixture.iat);
  const trust = TrustStore.from([fixture.trustList]);
  const check = await read(text, { trust, at: new Date(fixture.at) });
  // ECDSA is randomised: compare everything but the signature, and that the new one verifies.
  const prefix = (t: string): string => t.slice(0, t.lastIndexOf('.'));
  if (check.signature.state !== 'valid' || prefix(text) !== prefix(fixture.text)) {
    throw new Error(`signPersonal: produced an unexpected code (${check.signature.state})`);
  }
  return asyncLoop(async () => void (await signPersonal(fixture.unsigned, signer, fixture.iat)), {
    ...loop,
    inFlight,
  });
}
