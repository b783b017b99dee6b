/** The Decision 1405 personal QR: parse, build (unsigned) and mask for display. */
export { parsePersonal, PERSONAL_MAX_LENGTH } from './parse.ts';
export { buildPersonal } from './build.ts';
export { maskDocumentNumber, maskBirthDate, maskFullName, personalDisplay } from './mask.ts';
export type { PersonalFields, PersonalInput } from './fields.ts';
export { PERSONAL_CODES } from './codes.ts';
