export { buildApp, type BuildAppOptions } from './app.ts';
export { openStore, type Store, type Dialect } from './store/store.ts';
export { loadConfig, type Config } from './config.ts';
