/** `npm run build -w @oneqr/web` and the root postinstall: build the web app if it is stale. */
import { ensureWebBuilt } from './build.ts';

const force = process.argv.includes('--force');
try {
  await ensureWebBuilt({ force, log: (line) => console.log(`[oneqr web] ${line}`) });
} catch (err) {
  console.error(`[oneqr web] build failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
