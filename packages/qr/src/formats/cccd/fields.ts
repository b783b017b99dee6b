/** The fields of the QR printed on the chip-based citizen ID card (CCCD, 2021 layout). */

/**
 * `ID|oldID|name|ddMMyyyy|Nam/Nữ|address|ddMMyyyy[|…]`. Text fields are NFC-normalised; dates are
 * ISO when valid and the raw text otherwise (an error then says why).
 */
export interface CccdFields {
  /** Field 1: 12-digit personal identification number. */
  idNumber: string;
  /** Field 2: old 9-digit (or 12-digit) CMND number, absent when empty. */
  oldIdNumber?: string;
  /** Field 3: full name with diacritics, as printed. */
  fullName: string;
  /** Field 4: date of birth, `YYYY-MM-DD`. */
  birthDate: string;
  /** Field 5: `Nam` → male, `Nữ` → female (from the ID number when field 5 is unreadable). */
  gender: 'male' | 'female';
  /** Field 6: permanent address. */
  address: string;
  /** Field 7: issue date, `YYYY-MM-DD`; absent when the field is absent or empty. */
  issueDate?: string;
  /** Fields beyond the 7th (newer cards), raw. */
  extra: string[];
  /** The text as given. */
  raw: string;
}
