/**
 * The 11 fields Decision 5772 displays on a vaccine passport, labelled in Vietnamese and
 * English, read back from the signed certificate itself (what the QR says is what is shown).
 */
import { decodeDcc } from '@oneqr/qr';
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
    nationality: { vi: 'Việt Nam', en: 'Viet Nam' },
    targetDisease: same(v.targetDisease === TARGET_COVID.code ? TARGET_COVID.name : (v.targetDisease ?? '')),
    totalDoses: same(String(v.totalDoses ?? '')),
    date: same(v.date ?? ''),
    doseNumber: same(String(v.doseNumber ?? '')),
    vaccine: same(prophylaxis?.name ?? v.vaccine ?? ''),
    product: same(product?.name ?? v.product ?? ''),
    manufacturer: same(manufacturer?.name ?? v.manufacturer ?? ''),
    certificateId: same(v.certificateId ?? ''),
  };
  return DISPLAY_KEYS.map((key) => ({ key, label: LABELS[key]!, value: values[key]! }));
}
