/** Registry test fixtures: small CSVs written to a temp folder for the import tests, and the sample person. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HEADER = 'id_number,full_name,birth_date,gender,phone,province_code,address';

/** Writes `text` to a fresh temp file and returns its path. */
export function writeCsv(text: string, name = 'registry.csv'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oneqr-registry-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The public 1405 sample person, and a few more valid rows. */
export const HAN =
  '001093029317,Nguyễn Lê Khả Hân,1993-01-18,male,0944713700,01,"Số 12, Phường Phúc Xá, Hà Nội"';
export const LAN = '079301012345,Trần Thị Lan,2001-05-06,female,,79,';
export const CMND = '123456789,Phạm Văn Đức,1960-12-31,male,0912345678,48,Đà Nẵng';

/** The public 1405 sample person, as createPerson takes it. */
export const HAN_PERSON = {
  idNumber: '001093029317',
  fullName: 'Nguyễn Lê Khả Hân',
  birthDate: '1993-01-18',
  gender: 'male',
};

/** The instant the registry tests stamp records with. */
export const NOW = new Date('2025-03-01T08:00:00.000Z');
