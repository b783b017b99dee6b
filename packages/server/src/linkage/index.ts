/**
 * The linkage domain's light public module: the dose file's format, for code that must not load
 * the store (the synthetic dose generator). Its functions are in service.ts.
 */
export { DOSE_CSV_HEADER, DOSE_COLUMNS } from './dose-import.ts';
