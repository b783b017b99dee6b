/**
 * Reading values as vaccination sites type them: dates in either of the two spellings in use,
 * gender words, and vaccine names mapped to the EU value-set product code (SPEC §7).
 */
import { foldName, isRealDate } from '@oneqr/qr';
import { VACCINES } from '../health/service.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `YYYY-MM-DD` or `DD/MM/YYYY` → `YYYY-MM-DD`; null when neither or no such calendar date. */
export function readSiteDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = ISO.exec(t);
  const dmy = iso ? null : DMY.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [y, m, d] = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  else return null;
  if (!isRealDate(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const GENDER_WORDS: Record<string, 'male' | 'female'> = {
  MALE: 'male',
  M: 'male',
  NAM: 'male',
  FEMALE: 'female',
  F: 'female',
  NU: 'female',
};

/** male/female (also M/F, Nam/Nữ); null when empty or not understood. */
export function readSiteGender(text: string): 'male' | 'female' | null {
  return GENDER_WORDS[foldName(text)] ?? null;
}

/** Local names typed at sites (folded, letters and digits only) → EU value-set product code. */
const LOCAL_NAMES: Record<string, string> = {
  AZ: 'EU/1/21/1529',
  ASTRA: 'EU/1/21/1529',
  ASTRAZENECA: 'EU/1/21/1529',
  VAXZEVRIA: 'EU/1/21/1529',
  COVISHIELD: 'EU/1/21/1529',
  SPUTNIK: 'Sputnik-V',
  SPUTNIKV: 'Sputnik-V',
  GAMCOVIDVAC: 'Sputnik-V',
  VEROCELL: 'BBIBP-CorV',
  SINOPHARM: 'BBIBP-CorV',
  BBIBPCORV: 'BBIBP-CorV',
  PFIZER: 'EU/1/20/1528',
  PFIZERBIONTECH: 'EU/1/20/1528',
  BIONTECH: 'EU/1/20/1528',
  COMIRNATY: 'EU/1/20/1528',
  MODERNA: 'EU/1/20/1507',
  SPIKEVAX: 'EU/1/20/1507',
  JANSSEN: 'EU/1/20/1525',
  JOHNSONJOHNSON: 'EU/1/20/1525',
  JJ: 'EU/1/20/1525',
  JCOVDEN: 'EU/1/20/1525',
  HAYAT: 'Hayat-Vax',
  HAYATVAX: 'Hayat-Vax',
  ABDALA: 'Abdala',
};
const CODES = new Set(VACCINES.map((v) => v.code));

/** The EU value-set product code of a vaccine as typed (the code itself or a local name). */
export function readSiteVaccine(text: string): string | null {
  const t = text.trim();
  if (CODES.has(t)) return t;
  return LOCAL_NAMES[foldName(t).replace(/[^A-Z0-9]/g, '')] ?? null;
}
