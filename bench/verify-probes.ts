/**
 * Child-side loops for the verify benchmark (run pinned by lib/pinned.ts). Each checks its path
 * accepts the fixture before timing and fails loudly if any timed verification answers false.
 */
import { createPublicKey, verify } from 'node:crypto';
import { importPublicKey, read, TrustStore } from '@oneqr/qr';
import { jwkInput, signedParts, type Fixture } from './lib/fixture.ts';
import { asyncLoop, syncLoop, type LoopMeasure, type LoopOptions } from './lib/loop.ts';

export interface VerifyProbeInput {
  fixture: Fixture;
  loop: LoopOptions;
  inFlight: number;
}

function fail(path: string): never {
  throw new Error(`${path}: the fixture's signature did not verify`);
}

/** node:crypto one-shot verify with a cached KeyObject (synchronous, on the calling thread). */
export function nodeVerify({ fixture, loop }: VerifyProbeInput): LoopMeasure {
  const key = createPublicKey(jwkInput(fixture.publicJwk));
  const { data, sig } = signedParts(fixture.text);
  const opts = { key, dsaEncoding: 'ieee-p1363' as const };
  if (!verify('sha256', data, opts, sig)) fail('node:crypto');
  return syncLoop(() => {
    if (!verify('sha256', data, opts, sig)) fail('node:crypto');
  }, loop);
}

/** Raw WebCrypto `subtle.verify` with a cached CryptoKey. */
export async function subtleVerify({ fixture, loop, inFlight }: VerifyProbeInput): Promise<LoopMeasure> {
  const key = await importPublicKey(fixture.publicJwk);
  const { data, sig } = signedParts(fixture.text);
  const alg = { name: 'ECDSA', hash: 'SHA-256' };
  const once = async (): Promise<void> => {
    if (!(await crypto.subtle.verify(alg, key, sig, data))) fail('WebCrypto');
  };
  await once();
  return asyncLoop(once, { ...loop, inFlight });
}

/** The library's whole path: `read()` detects, parses, locates the signature, verifies via TrustStore. */
export async function libraryRead({ fixture, loop, inFlight }: VerifyProbeInput): Promise<LoopMeasure> {
  const trust = TrustStore.from([fixture.trustList]);
  const at = new Date(fixture.at);
  const once = async (): Promise<void> => {
    const r = await read(fixture.text, { trust, at });
    if (r.signature.state !== 'valid' || r.kind !== 'personal-1405') {
      throw new Error(`read(): ${r.kind} ${r.signature.state} ${JSON.stringify(r.errors)}`);
    }
  };
  await once();
  return asyncLoop(once, { ...loop, inFlight });
}
