/**
 * The eight COVID-19 vaccines licensed in Vietnam (SPEC §7), keyed by their EU DCC value-set
 * product code (`vaccine-medicinal-product`), with the length of their primary series.
 */
export interface VaccineProduct {
  code: string;
  name: string;
  manufacturer: string;
  /** Doses that complete the primary series. */
  totalDoses: number;
}

export const VACCINES: readonly VaccineProduct[] = [
  { code: 'EU/1/21/1529', name: 'Vaxzevria (AstraZeneca)', manufacturer: 'AstraZeneca AB', totalDoses: 2 },
  { code: 'Sputnik-V', name: 'Sputnik V', manufacturer: 'Gamaleya Research Institute', totalDoses: 2 },
  {
    code: 'BBIBP-CorV',
    name: 'Vero Cell (Sinopharm)',
    manufacturer: 'China Sinopharm International Corp.',
    totalDoses: 2,
  },
  {
    code: 'EU/1/20/1528',
    name: 'Comirnaty (Pfizer-BioNTech)',
    manufacturer: 'Biontech Manufacturing GmbH',
    totalDoses: 2,
  },
  {
    code: 'EU/1/20/1507',
    name: 'Spikevax (Moderna)',
    manufacturer: 'Moderna Biotech Spain S.L.',
    totalDoses: 2,
  },
  {
    code: 'EU/1/20/1525',
    name: 'Jcovden (Janssen)',
    manufacturer: 'Janssen-Cilag International',
    totalDoses: 1,
  },
  { code: 'Hayat-Vax', name: 'Hayat-Vax', manufacturer: 'Gulf Pharmaceutical Industries', totalDoses: 2 },
  {
    code: 'Abdala',
    name: 'Abdala',
    manufacturer: 'Center for Genetic Engineering and Biotechnology',
    totalDoses: 3,
  },
];

/** The product with this EU value-set code, or undefined. */
export function vaccineByCode(code: string): VaccineProduct | undefined {
  return VACCINES.find((v) => v.code === code);
}
