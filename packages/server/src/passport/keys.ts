/**
 * The passport's signing keys: a CSCA (country signing CA, self-signed) and the Document Signer
 * Certificates it signs, made with @peculiar/x509. A DSC's kid is the EU rule (first 8 bytes of
 * SHA-256 over its DER); its private key is sealed with the issuers' key envelope.
 */
// @peculiar/x509 2.x resolves its parts through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import crypto from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { dccKid } from '@oneqr/qr';
import { masterKeyFromEnv, openPrivateJwk, sealPrivateJwk } from '../issuers/service.ts';
import type { PassportKeyRow } from './passport.table.ts';
import * as repo from './repository.ts';

export const DCC_ALGS = ['ES256', 'PS256'] as const;
export type DccAlg = (typeof DCC_ALGS)[number];

/** EKU of a DSC that signs vaccination certificates (EU OID family 1.3.6.1.4.1.1847.2021.1). */
const EKU_VACCINATION = '1.3.6.1.4.1.1847.2021.1.2';
const CSCA_YEARS = 10;
const MONTH_MS = 30.44 * 86_400_000;

x509.cryptoProvider.set(crypto.webcrypto as Crypto);
const subtle = crypto.webcrypto.subtle as SubtleCrypto;

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const PSS = {
  name: 'RSA-PSS',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const algorithmOf = (alg: DccAlg) => (alg === 'ES256' ? EC : PSS);

/** What a signing DSC gives the issuer. */
export interface DscSigner {
  kid: string;
  alg: DccAlg;
  certificateDer: Uint8Array;
  notAfter: number;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

const b64 = (bytes: ArrayBuffer | Uint8Array) => Buffer.from(bytes as Uint8Array).toString('base64');
const serial = () => '01' + crypto.randomBytes(15).toString('hex');

async function newKeyRow(
  kind: 'csca' | 'dsc',
  alg: DccAlg,
  cert: x509.X509Certificate,
  privateKey: CryptoKey,
  issuerKid: string | null,
  now: Date,
): Promise<PassportKeyRow> {
  const der = new Uint8Array(cert.rawData);
  const kid = await dccKid(der);
  const jwk = (await subtle.exportKey('jwk', privateKey)) as JsonWebKey;
  return {
    kid,
    kind,
    alg,
    certificate: b64(der),
    private_jwk: sealPrivateJwk(jwk, kid, masterKeyFromEnv()),
    issuer_kid: issuerKid ?? kid,
    not_before: cert.notBefore.getTime(),
    not_after: cert.notAfter.getTime(),
    created_at: now.getTime(),
  };
}

/** Makes and stores the CSCA (ES256, self-signed, CA:true pathlen 0). */
async function createCsca(db: repo.Db, now: Date): Promise<PassportKeyRow> {
  const keys = (await subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notAfter = new Date(now.getTime() + CSCA_YEARS * 365 * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'C=VN, O=Ministry of Health, CN=Viet Nam DCC CSCA',
    notBefore: now,
    notAfter,
    signingAlgorithm: EC,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const row = await newKeyRow('csca', 'ES256', cert, keys.privateKey, null, now);
  await repo.insertKeyRow(db, row);
  return row;
}

/** Makes and stores a DSC for `alg`, signed by the CSCA, valid `months` from now. */
async function createDsc(db: repo.Db, csca: PassportKeyRow, alg: DccAlg, months: number, now: Date) {
  const cscaCert = new x509.X509Certificate(Buffer.from(csca.certificate, 'base64'));
  const cscaKey = await subtle.importKey(
    'jwk',
    openPrivateJwk(csca.private_jwk, csca.kid, masterKeyFromEnv()),
    EC,
    false,
    ['sign'],
  );
  const keys = (await subtle.generateKey(algorithmOf(alg), true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `C=VN, O=Ministry of Health, CN=Viet Nam DCC DSC ${alg}`,
    issuer: cscaCert.subject,
    notBefore: now,
    notAfter: new Date(Math.min(now.getTime() + months * MONTH_MS, csca.not_after)),
    signingAlgorithm: EC,
    publicKey: keys.publicKey,
    signingKey: cscaKey,
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([EKU_VACCINATION], false),
      await x509.AuthorityKeyIdentifierExtension.create(cscaCert, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const row = await newKeyRow('dsc', alg, cert, keys.privateKey, csca.kid, now);
  await repo.insertKeyRow(db, row);
  return row;
}

/** Imported signing keys, by kid: importing on every issuance would dominate its cost. */
const imported = new Map<string, Promise<CryptoKey>>();

function signerOf(row: PassportKeyRow): DscSigner {
  const alg = row.alg as DccAlg;
  const importKey = () =>
    subtle.importKey(
      'jwk',
      openPrivateJwk(row.private_jwk, row.kid, masterKeyFromEnv()),
      alg === 'ES256' ? EC : { name: 'RSA-PSS', hash: 'SHA-256' },
      false,
      ['sign'],
    );
  const key = imported.get(row.kid) ?? importKey();
  imported.set(row.kid, key);
  const params = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSA-PSS', saltLength: 32 };
  return {
    kid: row.kid,
    alg,
    certificateDer: new Uint8Array(Buffer.from(row.certificate, 'base64')),
    notAfter: Number(row.not_after),
    async sign(data) {
      // WebCrypto ECDSA answers r‖s, the form COSE wants.
      return new Uint8Array(await subtle.sign(params, await key, data as BufferSource));
    },
  };
}

/**
 * The DSC that signs `alg` certificates at `now` and stays valid until their expiry
 * (`now + validityMonths`: a verifier requires exp ≤ DSC notAfter). Creates the CSCA and a DSC
 * (valid twice the certificate validity) when none fits.
 */
export async function dscSigner(
  db: repo.Db,
  alg: DccAlg,
  validityMonths: number,
  now: Date,
): Promise<DscSigner> {
  const until = now.getTime() + validityMonths * MONTH_MS;
  const fits = (r: PassportKeyRow) =>
    r.alg === alg && Number(r.not_before) <= now.getTime() && Number(r.not_after) >= until;
  const current = (await repo.listKeyRows(db, 'dsc')).find(fits);
  if (current) return signerOf(current);
  const csca =
    (await repo.listKeyRows(db, 'csca')).find((r) => Number(r.not_after) >= until) ??
    (await createCsca(db, now));
  return signerOf(await createDsc(db, csca, alg, Math.max(24, 2 * validityMonths), now));
}

/** A certificate in the EU gateway trust-list shape. */
export interface GatewayCertificate {
  kid: string;
  country: 'VN';
  certificateType: 'DSC' | 'CSCA';
  /** DER, base64. */
  rawData: string;
}

/** Every stored certificate of `kind`, newest first, in the EU gateway trust-list shape. */
export async function gatewayList(db: repo.Db, kind: 'csca' | 'dsc'): Promise<GatewayCertificate[]> {
  return (await repo.listKeyRows(db, kind)).map((r) => ({
    kid: r.kid,
    country: 'VN',
    certificateType: kind === 'dsc' ? 'DSC' : 'CSCA',
    rawData: r.certificate,
  }));
}
