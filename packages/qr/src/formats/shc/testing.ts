/** Test fixtures: a made SHC issuer (fresh P-256 key) that signs cards and numeric QR texts. */
import { deflateSync } from 'fflate';
import { b64uEncode } from '../../crypto/base64url.ts';
import { jwkThumbprint } from './thumbprint.ts';
import type { ShcJwk } from './types.ts';

const subtle = globalThis.crypto.subtle;
const enc = (s: string) => new TextEncoder().encode(s);

/** `shc:/` then two digits per JWS character. */
export const shcNumeric = (jws: string): string =>
  'shc:/' + [...jws].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('');

/** A minimal card payload: one Patient, one Immunization. */
export function shcPayload(iss: string, nbf = 1700000000, vc: object = {}): Record<string, unknown> {
  return {
    iss,
    nbf,
    vc: {
      type: ['https://smarthealth.cards#health-card'],
      credentialSubject: {
        fhirVersion: '4.0.1',
        fhirBundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [
            { fullUrl: 'resource:0', resource: { resourceType: 'Patient', birthDate: '1980-05-06' } },
            {
              fullUrl: 'resource:1',
              resource: {
                resourceType: 'Immunization',
                status: 'completed',
                vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }] },
                occurrenceDateTime: '2021-08-01',
              },
            },
          ],
        },
      },
      ...vc,
    },
  };
}

export interface TestShcIssuer {
  keys: CryptoKeyPair;
  jwk: ShcJwk & { kty: string; crv: string; x: string; y: string; kid: string };
  kid: string;
  /** A compact JWS over `body` (JSON, raw-deflated), or over `raw` bytes as the payload. */
  sign(body: unknown, raw?: Uint8Array): Promise<string>;
}

export async function makeShcIssuer(): Promise<TestShcIssuer> {
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const pub = await subtle.exportKey('jwk', keys.publicKey);
  const kid = (await jwkThumbprint(pub))!;
  const jwk = { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y!, kid, alg: 'ES256', use: 'sig' };
  return {
    keys,
    jwk,
    kid,
    async sign(body, raw) {
      const h = b64uEncode(enc(JSON.stringify({ zip: 'DEF', alg: 'ES256', kid })));
      const p = b64uEncode(raw ?? deflateSync(enc(JSON.stringify(body))));
      const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, enc(`${h}.${p}`));
      return `${h}.${p}.${b64uEncode(new Uint8Array(sig))}`;
    },
  };
}
