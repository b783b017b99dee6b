#!/usr/bin/env node
// The command is written in TypeScript; tsx compiles it on the fly so a fresh
// `npm ci` needs no build step.
import { register } from 'tsx/esm/api';

register();
// `oneqr … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
