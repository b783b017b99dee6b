/**
 * The one signed Decision 1405 payload every benchmark measures, with the key that signed it
 * and a trust list naming that key. Built once per run in the parent and handed to the pinned
 * children as JSON, so every path verifies the very same bytes.
 */
import type { JsonWebKeyInput } from 'node:crypto';
import { buildTrustList, generateKeyPair, issuePersonal, type TrustListDocument } from '@oneqr/qr';

export interface Fixture {
  /** The signed personal QR text. */
  text: string;
  /** The same payload before signing (what `signPersonal` is given). */
  unsigned: string;
  /** Issue time (Unix seconds) of `text`. */
  iat: number;
  /** The verification instant (ISO 8601), one hour after `iat`. */
  at: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  trustList: TrustListDocument;
}

/** A fresh key, a personal QR signed with it, and a trust list with that key for `personal`. */
export async function makeFixture(): Promise<Fixture> {
  const { privateJwk, publicJwk } = await generateKeyPair();
  const now = Math.floor(Date.now() / 1000);
  const iat = now - 3600;
  const input = {
    documentNumber: '001093029317',
    fullName: 'Nguyễn Lê Khả Hân',
    birthDate: '1987-01-18',
    qid: '162979388586171100',
    gender: 1 as const,
  };
  const text = await issuePersonal(input, { privateJwk }, iat);
  // The signed text is `<unsigned prefix>S1.<kid>.<iat36>.<sig>`; signPersonal wants the 6-field form.
  const unsigned = text.slice(0, text.lastIndexOf('<S1.')).replace(/<+$/, '');
  const trustList = await buildTrustList({
    issuers: [{ id: 'bench', name: 'Benchmark issuer', rights: ['personal'], keys: [publicJwk] }],
  });
  return { text, unsigned, iat, at: new Date(now * 1000).toISOString(), privateJwk, publicJwk, trustList };
}

/** Splits an S1-signed text into the signed bytes and the raw 64-byte `r‖s` signature. */
export function signedParts(text: string): { data: Uint8Array<ArrayBuffer>; sig: Uint8Array<ArrayBuffer> } {
  const dot = text.lastIndexOf('.');
  const data = new TextEncoder().encode(text.slice(0, dot));
  const sig = new Uint8Array(Buffer.from(text.slice(dot + 1), 'base64url'));
  if (sig.length !== 64) throw new Error(`fixture: signature is ${sig.length} bytes, expected 64`);
  return { data, sig };
}

/** A WebCrypto JWK as node:crypto's `createPublicKey`/`createPrivateKey` input (same members). */
export function jwkInput(jwk: JsonWebKey): JsonWebKeyInput {
  return { key: jwk as JsonWebKeyInput['key'], format: 'jwk' };
}
