/**
 * Builds an EU DCC v1.3.0 vaccination certificate: the JSON (DCC schema), the CWT claims
 * (iss, iat, exp, hcert), COSE_Sign1, zlib, Base45, `HC1:`. The person's ID number is never
 * in it: the DCC schema has no such field and we add none.
 */
import zlib from 'node:zlib';
import { CborTag, DCC_PREFIX, base45Encode, encodeCbor, foldName, sigStructure } from '@oneqr/qr';
import type { VaccineProduct } from '../health/service.ts';
import type { DccAlg, DscSigner } from './keys.ts';

export const DCC_SCHEMA_VERSION = '1.3.0';
/** SNOMED CT code of COVID-19 (value set `disease-agent-targeted`). */
export const TARGET_COVID = { code: '840539006', name: 'COVID-19' };
export const DCC_ISSUER = 'Ministry of Health of Viet Nam';

const COSE_ALG: Record<DccAlg, number> = { ES256: -7, PS256: -37 };
const CWT = { iss: 1, exp: 4, iat: 6, hcert: -260 } as const;

export interface DccVaccinationInput {
  fullName: string;
  birthDate: string;
  product: VaccineProduct;
  doseNumber: number;
  totalDoses: number;
  administeredOn: string;
  uvci: string;
}

/** ICAO 9303 transliteration the DCC's `fnt`/`gnt` take: A–Z and `<`, at most 80. */
export function icaoTransliteration(name: string): string {
  return foldName(name)
    .replace(/[\s-]+/g, '<')
    .replace(/[^A-Z<]/g, '')
    .slice(0, 80);
}

/** Vietnamese order: the family name first, then middle and given names. */
function dccName(fullName: string) {
  const words = fullName.normalize('NFC').trim().split(/\s+/);
  const fn = words[0]!.slice(0, 80);
  const gn = words.slice(1).join(' ').slice(0, 80);
  return gn === ''
    ? { fn, fnt: icaoTransliteration(fn) }
    : { fn, fnt: icaoTransliteration(fn), gn, gnt: icaoTransliteration(gn) };
}

/** The hcert JSON (DCC schema 1.3.0, one vaccination entry). */
export function dccJson(input: DccVaccinationInput) {
  return {
    ver: DCC_SCHEMA_VERSION,
    nam: dccName(input.fullName),
    dob: input.birthDate,
    v: [
      {
        tg: TARGET_COVID.code,
        vp: input.product.prophylaxis.code,
        mp: input.product.code,
        ma: input.product.mah.code,
        dn: input.doseNumber,
        sd: input.totalDoses,
        dt: input.administeredOn,
        co: 'VN',
        is: DCC_ISSUER,
        ci: input.uvci,
      },
    ],
  };
}

/** Signs and encodes the certificate: the `HC1:` text a QR carries. */
export async function encodeDcc(
  hcert: ReturnType<typeof dccJson>,
  times: { iat: number; exp: number },
  signer: DscSigner,
): Promise<string> {
  const claims = new Map<number, unknown>([
    [CWT.iss, 'VN'],
    [CWT.iat, times.iat],
    [CWT.exp, times.exp],
    [CWT.hcert, new Map([[1, hcert]])],
  ]);
  const payload = encodeCbor(claims as never);
  const kid = new Uint8Array(Buffer.from(signer.kid, 'base64'));
  const protectedBytes = encodeCbor(
    new Map<number, number | Uint8Array>([
      [1, COSE_ALG[signer.alg]],
      [4, kid],
    ]),
  );
  const signature = await signer.sign(sigStructure({ protectedBytes, payload }));
  const cose = encodeCbor(new CborTag(18, [protectedBytes, new Map(), payload, signature]));
  const compressed = zlib.deflateSync(cose, { level: 9 });
  return DCC_PREFIX + base45Encode(new Uint8Array(compressed));
}
