/** The 12-digit personal identification number and the 9-digit CMND (SPEC §3.1). */
export { decodeCitizenId, isCitizenIdText, makeCitizenId } from './decode.ts';
export type { CitizenIdFields, StatedIdentity, ClockOptions } from './decode.ts';
export { PROVINCES, provinceName } from './provinces.ts';
export { CITIZEN_ID_CODES } from './codes.ts';
