/**
 * Shared set-up of the acceptance tests: real keys, a trust list signed by a real root key,
 * and the reader built the way an app builds it (from the signed list's text and the root
 * public key only). Everything goes through the package's front door, `src/index.ts`.
 */
import {
  buildTrustList,
  createSigner,
  generateKeyPair,
  signTrustList,
  verifyTrustList,
  TrustStore,
  type IssuerKeyInput,
  type Right,
  type TrustListRevocation,
} from '../../src/index.ts';

/** The checking instant of every acceptance test. */
export const AT = new Date('2026-06-01T00:00:00Z');
/** Issue time of the codes: one month before {@link AT}. */
export const IAT = Math.floor(Date.parse('2026-05-01T00:00:00Z') / 1000);

/** The public sample of SPEC §2 (unsigned). */
export const SAMPLE =
  '001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700';

type KeySigner = Awaited<ReturnType<typeof createSigner>>;

/** An issuing platform with its own key pair. */
export interface TestIssuer {
  id: string;
  name: string;
  rights: Right[];
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
  kid: string;
  signer: KeySigner;
  /** Validity and status written into the trust list for this key. */
  keyMeta: Omit<IssuerKeyInput, keyof JsonWebKey>;
}

/** Makes an issuer with a fresh P-256 key. */
export async function makeIssuer(
  id: string,
  name: string,
  rights: Right[],
  keyMeta: TestIssuer['keyMeta'] = {},
): Promise<TestIssuer> {
  const { privateJwk, publicJwk } = await generateKeyPair();
  const signer = await createSigner(privateJwk);
  return { id, name, rights, privateJwk, publicJwk, kid: signer.kid, signer, keyMeta };
}

/** Builds the trust list of `issuers` and signs it with the root key: the published text. */
export async function publishTrustList(
  rootPrivateJwk: JsonWebKey,
  issuers: readonly TestIssuer[],
  revocations?: TrustListRevocation[],
): Promise<string> {
  const doc = await buildTrustList({
    issuers: issuers.map((i) => ({
      id: i.id,
      name: i.name,
      rights: i.rights,
      keys: [{ ...i.publicJwk, ...i.keyMeta }],
    })),
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    ...(revocations === undefined ? {} : { revocations }),
  });
  return signTrustList(doc, rootPrivateJwk);
}

/**
 * What an app does with the downloaded list: check the root signature, then index the keys.
 * Throws when the list does not verify (a test set-up error).
 */
export async function readerFrom(signedList: string, rootPublicJwk: JsonWebKey): Promise<TrustStore> {
  const verified = await verifyTrustList(signedList, rootPublicJwk, { at: AT });
  if ('errors' in verified) {
    throw new Error(`trust list does not verify: ${verified.errors.map((e) => e.code).join(', ')}`);
  }
  return TrustStore.from([verified.document]);
}

/** Error codes of a result, in order. */
export const codesOf = (r: { errors: { code: string }[] }): string[] => r.errors.map((e) => e.code);
