/**
 * @oneqr/server's public API, for the CLI, the benchmarks and anyone embedding the platform.
 * Heavy (it loads the whole server stack): import it on demand from a command that needs it.
 * The `oneqr` command uses `@oneqr/server/cli`, which loads each part on demand.
 */
export { buildApp, type BuildAppOptions } from './app.ts';
export { startServer, type StartServerOptions, type RunningServer } from './server.ts';
export { serveWorkers, defaultWorkers } from './cluster.ts';
export { openStore, type Store, type Dialect } from './store/store.ts';
export { loadConfig, type Config } from './config.ts';
export {
  createClient,
  recordAudits,
  ROLES,
  isRole,
  type AuditEntry,
  type NewClient,
  type Role,
  type OtpMessage,
  type OtpSender,
} from './access/service.ts';
export { createClientCommand, type CreateClientFlags } from './access/cli.ts';
export { createIssuer, sealRevocationBatches } from './issuers/service.ts';
export { issuePersonal } from './credentials/service.ts';
export { ensureDefaultRules, recordVaccination } from './health/service.ts';
export {
  createPerson,
  importRegistryCsv,
  RegistryImportError,
  type ImportResult,
} from './registry/service.ts';
export { generateRegistryCsv, seedPersons } from './seed/index.ts';
export { runLinkage, type RunSummary } from './linkage/service.ts';
export { issuePassport, revokePassport, dscTrustList, type PassportView } from './passport/service.ts';
export { registerVenue } from './venues/service.ts';
export { ensureCheckinDays, importCheckins } from './checkins/service.ts';
export { writerFor, checkinWriterFor } from './checkins/writer.ts';
export {
  eventsConfigOf,
  startEvents,
  startWriters,
  streamStatus,
  type EventsConfig,
  type RunningEvents,
} from './events/index.ts';
export { findExposures } from './tracing/service.ts';
