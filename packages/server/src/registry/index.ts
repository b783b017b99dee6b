/**
 * The registry domain's public module: what other domains, the CLI and the demo seed may use.
 * Everything else in registry/ (repository, tables, batches, validation internals) is private.
 */
export * from './service.ts';
export {
  importRegistryCsv,
  importPersons,
  RegistryImportError,
  REGISTRY_CSV_HEADER,
  type ImportOptions,
  type ImportResult,
  type ImportRowError,
} from './import.ts';
export { csvField } from './csv.ts';
export { PERSON_ID_PATTERN } from './validate.ts';
