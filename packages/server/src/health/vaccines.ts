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
  /** EU value set `vaccine-mah-manf`: code and display name (the DCC's `ma`). */
  mah: { code: string; name: string };
  /** EU value set `sct-vaccines-covid-19`: code and display name (the DCC's `vp`). */
  prophylaxis: { code: string; name: string };
}

// EU value-set 2.12 entries the eight products use.
const VIRAL_VECTOR = { code: '29061000087103', name: 'COVID-19 non-replicating viral vector vaccine' };
const MRNA = { code: '1119349007', name: 'SARS-CoV-2 mRNA vaccine' };
const INACTIVATED = { code: '1157024006', name: 'Inactivated whole SARS-CoV-2 antigen vaccine' };
const PROTEIN = { code: '1162643001', name: 'SARS-CoV-2 recombinant spike protein antigen vaccine' };

export const VACCINES: readonly VaccineProduct[] = [
  {
    code: 'EU/1/21/1529',
    name: 'Vaxzevria (AstraZeneca)',
    manufacturer: 'AstraZeneca AB',
    totalDoses: 2,
    mah: { code: 'ORG-100001699', name: 'AstraZeneca AB' },
    prophylaxis: VIRAL_VECTOR,
  },
  {
    code: 'Sputnik-V',
    name: 'Sputnik V',
    manufacturer: 'Gamaleya Research Institute',
    totalDoses: 2,
    mah: { code: 'Gamaleya-Research-Institute', name: 'Gamaleya Research Institute' },
    prophylaxis: VIRAL_VECTOR,
  },
  {
    code: 'BBIBP-CorV',
    name: 'Vero Cell (Sinopharm)',
    manufacturer: 'China Sinopharm International Corp.',
    totalDoses: 2,
    mah: { code: 'ORG-100020693', name: 'China Sinopharm International Corp. - Beijing location' },
    prophylaxis: INACTIVATED,
  },
  {
    code: 'EU/1/20/1528',
    name: 'Comirnaty (Pfizer-BioNTech)',
    manufacturer: 'Biontech Manufacturing GmbH',
    totalDoses: 2,
    mah: { code: 'ORG-100030215', name: 'Biontech Manufacturing GmbH' },
    prophylaxis: MRNA,
  },
  {
    code: 'EU/1/20/1507',
    name: 'Spikevax (Moderna)',
    manufacturer: 'Moderna Biotech Spain S.L.',
    totalDoses: 2,
    mah: { code: 'ORG-100031184', name: 'Moderna Biotech Spain S.L.' },
    prophylaxis: MRNA,
  },
  {
    code: 'EU/1/20/1525',
    name: 'Jcovden (Janssen)',
    manufacturer: 'Janssen-Cilag International',
    totalDoses: 1,
    mah: { code: 'ORG-100001417', name: 'Janssen-Cilag International' },
    prophylaxis: VIRAL_VECTOR,
  },
  {
    code: 'Hayat-Vax',
    name: 'Hayat-Vax',
    manufacturer: 'Gulf Pharmaceutical Industries',
    totalDoses: 2,
    mah: { code: 'ORG-100023050', name: 'Gulf Pharmaceutical Industries' },
    prophylaxis: INACTIVATED,
  },
  {
    code: 'Abdala',
    name: 'Abdala',
    manufacturer: 'Center for Genetic Engineering and Biotechnology',
    totalDoses: 3,
    mah: { code: 'CIGB', name: 'Center for Genetic Engineering and Biotechnology' },
    prophylaxis: PROTEIN,
  },
];

/** The product with this EU value-set code, or undefined. */
export function vaccineByCode(code: string): VaccineProduct | undefined {
  return VACCINES.find((v) => v.code === code);
}
