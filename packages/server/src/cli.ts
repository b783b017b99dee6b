/**
 * `@oneqr/server/cli`: what the `oneqr` command uses of the server. The role list is here at
 * once (help texts name the roles); everything else loads on demand, one part per command, so
 * `registry generate` does not pay for the HTTP stack and `read` pays for none of it. The full
 * API, loaded at once, is `@oneqr/server`.
 */
export { ROLES, isRole, type Role } from './access/roles.ts';

/** `serve`: the HTTP server, in one process or several behind one port. */
export const loadServer = async () => ({
  ...(await import('./server.ts')),
  ...(await import('./cluster.ts')),
});
/** Commands that work on the database the server uses. */
export const loadStore = async () => ({
  ...(await import('./config.ts')),
  ...(await import('./store/store.ts')),
});
/** `registry import`. */
export const loadRegistryImport = () => import('./registry/import.ts');
/** `registry generate`. */
export const loadGenerator = () => import('./seed/generate.ts');
/** `admin client create`. */
export const loadClients = () => import('./access/cli.ts');
/** `issuers create|list|rotate|revoke`: the issuers domain's public functions. */
export const loadIssuers = () => import('./issuers/service.ts');
/** `vaccinations import`. */
export const loadDoseImport = () => import('./linkage/dose-import.ts');
/** `admin trust import|list`. */
export const loadTrustSources = () => import('./trust-sources/service.ts');
/** `admin keys wrap`. */
export const loadKeyWrap = () => import('./issuers/key-wrap.ts');
/** `venues import`. */
export const loadVenuesImport = async () => ({
  ...(await import('./venues/import.ts')),
  loadConfig: (await import('./config.ts')).loadConfig,
});
/** `checkins import` and `checkins generate`. */
export const loadCheckinsCli = () => import('./checkins/cli.ts');
/** `tracing exposures`. */
export const loadTracingCli = () => import('./tracing/cli.ts');
/** `linkage run | explain | export | evaluate`. */
export const loadLinkage = () => import('./linkage/service.ts');
/** `vaccinations generate`. */
export const loadDoseGenerator = () => import('./seed/doses.ts');
/** `events consume | status`: the JetStream pipeline (docs/events.md). */
export const loadEvents = async () => ({
  ...(await import('./events/index.ts')),
  loadConfig: (await import('./config.ts')).loadConfig,
  openStore: (await import('./store/store.ts')).openStore,
});
