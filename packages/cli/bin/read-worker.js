// A worker thread of `oneqr read --jsonl`: like bin/oneqr.js, tsx compiles the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('../src/commands/read-worker.ts');
