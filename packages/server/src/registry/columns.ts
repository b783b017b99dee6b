/** The registry CSV's columns (the import's format, a contract) and the fields they fill. */
import type { PersonField } from './validate.ts';

/** CSV column → PersonInput field. document_type is optional (inferred from the number). */
export const REQUIRED = {
  id_number: 'idNumber',
  full_name: 'fullName',
  birth_date: 'birthDate',
  gender: 'gender',
  phone: 'phone',
  province_code: 'provinceCode',
  address: 'address',
} as const satisfies Record<string, PersonField>;
/** The header of a registry CSV with the required columns, in the generator's order. */
export const REGISTRY_CSV_HEADER = Object.keys(REQUIRED).join(',');
export const OPTIONAL = { document_type: 'documentType' } as const satisfies Record<string, PersonField>;
