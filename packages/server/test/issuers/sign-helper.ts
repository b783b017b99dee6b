/** Test helper: a personal QR signed with a given key at a given iat, as an app would get it. */
import { buildPersonal, signPersonal } from '@oneqr/qr';

export const SAMPLE = {
  documentNumber: '001093029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1987-01-18',
  qid: '162979388586171100',
} as const;

/** Signs the sample payload (or one with another QID) with `signer` at `iat` (Unix seconds). */
export function signedSample(
  signer: { kid: string; privateJwk: JsonWebKey },
  iat: number,
  qid: string = SAMPLE.qid,
): Promise<string> {
  return signPersonal(buildPersonal({ ...SAMPLE, qid }), signer, iat);
}

export const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const days = (n: number): number => n * 86_400_000;
