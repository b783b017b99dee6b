/**
 * A made SMART Health Card issuer for tests outside packages/qr: a fresh P-256 key, its RFC 7638
 * thumbprint as kid, and numeric `shc:/` cards it signs (raw DEFLATE, ES256 r ‖ s). Built on
 * node:crypto alone, so it is an independent check of the library's verifier.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

export interface MadeShcIssuer {
  jwk: { kty: string; crv: string; x: string; y: string; kid: string; alg: string; use: string };
  kid: string;
  /** A numeric QR text of a card naming `iss`, issued at `nbf`, with revocation id `rid`. */
  card(
    iss: string,
    rid: string,
    nbf?: number,
    patient?: { name: string; birthDate: string },
  ): Promise<string>;
}

export async function makeShcIssuer(): Promise<MadeShcIssuer> {
  const subtle = globalThis.crypto.subtle;
  const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
  ])) as CryptoKeyPair;
  const { x, y } = await subtle.exportKey('jwk', pair.publicKey);
  const kid = createHash('sha256')
    .update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }))
    .digest('base64url');
  const jwk = { kty: 'EC', crv: 'P-256', x: x!, y: y!, kid, alg: 'ES256', use: 'sig' };
  const b64u = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
  return {
    jwk,
    kid,
    async card(iss, rid, nbf = 1700000000, patient = { name: 'Tran Thi B', birthDate: '1980-05-06' }) {
      const [given, ...family] = patient.name.split(' ').reverse();
      const entry = [
        {
          fullUrl: 'resource:0',
          resource: {
            resourceType: 'Patient',
            name: [{ family: family.reverse().join(' '), given: [given] }],
            birthDate: patient.birthDate,
          },
        },
      ];
      const vc = {
        type: ['https://smarthealth.cards#health-card'],
        credentialSubject: {
          fhirVersion: '4.0.1',
          fhirBundle: { resourceType: 'Bundle', type: 'collection', entry },
        },
        rid,
      };
      const header = b64u(JSON.stringify({ zip: 'DEF', alg: 'ES256', kid }));
      const signing = `${header}.${b64u(deflateRawSync(JSON.stringify({ iss, nbf, vc })))}`;
      const sig = await subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        pair.privateKey,
        Buffer.from(signing),
      );
      const jws = `${signing}.${b64u(new Uint8Array(sig))}`;
      return 'shc:/' + [...jws].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('');
    },
  };
}
