/**
 * The 11 fields Decision 5772 displays on a vaccine passport, labelled in Vietnamese and
 * English, read back from the signed certificate itself (what the QR says is what is shown).
 * Coded values show their EU value-set names: English as the EU publishes them (the health
 * domain's products, else the embedded value sets), Vietnamese from the table below.
 */
import { decodeDcc } from '@oneqr/qr';
import { dccDisplayName, type DccValueSet } from '@oneqr/qr/dcc-content';
import { vaccineByCode, VACCINES } from '../health/service.ts';
import { TARGET_COVID } from './dcc.ts';

export interface DisplayField {
  key: string;
  label: { vi: string; en: string };
  value: { vi: string; en: string };
}

const LABELS: Record<string, { vi: string; en: string }> = {
  name: { vi: 'Họ và tên', en: 'Name' },
  dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' },
  nationality: { vi: 'Quốc tịch', en: 'Nationality' },
  targetDisease: { vi: 'Bệnh phòng ngừa', en: 'Disease or agent targeted' },
  totalDoses: { vi: 'Tổng số mũi', en: 'Number of doses in the series' },
  date: { vi: 'Ngày tiêm', en: 'Date of vaccination' },
  doseNumber: { vi: 'Mũi số', en: 'Dose number' },
  vaccine: { vi: 'Loại vắc xin', en: 'Vaccine or prophylaxis' },
  product: { vi: 'Tên vắc xin', en: 'Vaccine product' },
  manufacturer: { vi: 'Nhà sản xuất', en: 'Manufacturer' },
  certificateId: { vi: 'Mã chứng nhận', en: 'Certificate identifier' },
};

export const DISPLAY_KEYS = Object.keys(LABELS);

const same = (text: string) => ({ vi: text, en: text });

/**
 * Vietnamese names of the EU value-set entries a passport shows, where Vietnamese differs:
 * the disease and every vaccine type (sct-vaccines-covid-19, all entries, so a code another
 * release adds to our products still reads in Vietnamese once listed). Product and
 * marketing-authorisation-holder names are proper names, the same in both languages.
 */
const VI_NAMES: Partial<Record<DccValueSet, Readonly<Record<string, string>>>> = {
  'disease-agent-targeted': { '840539006': 'COVID-19' },
  'sct-vaccines-covid-19': {
    '1119305005': 'Vắc xin kháng nguyên SARS-CoV-2',
    '1119349007': 'Vắc xin mRNA SARS-CoV-2',
    '1157024006': 'Vắc xin SARS-CoV-2 bất hoạt toàn thể',
    '1162643001': 'Vắc xin protein gai tái tổ hợp SARS-CoV-2',
    '1187593009': 'Vắc xin DNA plasmid mã hoá protein gai SARS-CoV-2',
    J07BX03: 'Vắc xin COVID-19 (mã cũ)',
    '29061000087103': 'Vắc xin COVID-19 vectơ virus không sao chép',
    '28531000087107': 'Vắc xin COVID-19',
    '30141000087107': 'Vắc xin kháng nguyên hạt giả virus SARS-CoV-2',
  },
  'country-2-codes': { VN: 'Việt Nam' },
};

/**
 * A coded value in both languages: English `en` (else the EU value set's name, else the code),
 * Vietnamese from VI_NAMES (else the English: a proper name, or a code not yet translated).
 */
export function valueSetName(
  set: DccValueSet,
  code: string | undefined,
  en?: string,
): { vi: string; en: string } {
  if (code === undefined) return same(en ?? '');
  const english = en ?? dccDisplayName(set, code) ?? code;
  const vi = VI_NAMES[set];
  return { vi: vi !== undefined && Object.hasOwn(vi, code) ? vi[code]! : english, en: english };
}

/** The 11 display fields of an `HC1:` text this server issued. */
export function displayFields(hc1: string): DisplayField[] {
  const fields = decodeDcc(hc1).fields;
  const v = fields?.vaccinations?.[0] ?? {};
  const product = v.product === undefined ? undefined : vaccineByCode(v.product);
  const prophylaxis = VACCINES.find((p) => p.prophylaxis.code === v.vaccine)?.prophylaxis;
  const manufacturer = VACCINES.find((p) => p.mah.code === v.manufacturer)?.mah;
  const name = [fields?.name.familyName, fields?.name.givenName].filter(Boolean).join(' ');
  const values: Record<string, { vi: string; en: string }> = {
    name: same(name),
    dateOfBirth: same(fields?.dateOfBirth ?? ''),
    // The registry holds Vietnamese citizens; the certificate's issuing country is theirs.
    nationality: valueSetName('country-2-codes', 'VN'),
    targetDisease: valueSetName(
      'disease-agent-targeted',
      v.targetDisease,
      v.targetDisease === TARGET_COVID.code ? TARGET_COVID.name : undefined,
    ),
    totalDoses: same(String(v.totalDoses ?? '')),
    date: same(v.date ?? ''),
    doseNumber: same(String(v.doseNumber ?? '')),
    vaccine: valueSetName('sct-vaccines-covid-19', v.vaccine, prophylaxis?.name),
    product: valueSetName('vaccines-covid-19-names', v.product, product?.name),
    manufacturer: valueSetName('vaccines-covid-19-auth-holders', v.manufacturer, manufacturer?.name),
    certificateId: same(v.certificateId ?? ''),
  };
  return DISPLAY_KEYS.map((key) => ({ key, label: LABELS[key]!, value: values[key]! }));
}
