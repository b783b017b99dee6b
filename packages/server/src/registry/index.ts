/**
 * The registry's light public module: the import CSV's format and the ID-number pattern, for
 * code that must not load the store (the CSV generator, route schemas). The registry's
 * functions (look-ups, identity checks, imports) are its service.ts.
 */
export { csvField } from './csv.ts';
export { REGISTRY_CSV_HEADER } from './columns.ts';
export { PERSON_ID_PATTERN } from './validate.ts';
// The streaming CSV reader (RFC 4180, bounded records), for other domains' imports.
export { CsvParser, type CsvRecord } from './csv.ts';
