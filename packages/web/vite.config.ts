/**
 * Vite build of the web apps. JSX goes through Vite's own oxc transform with Preact's automatic
 * runtime (no Babel preset needed). The service worker is generated from sw/sw.js with the list
 * of every emitted file, so the shell, the pages and the decoder's .wasm work offline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;

/** Emits /sw.js: the template with the precache list and a version derived from it. */
function serviceWorker(): Plugin {
  return {
    name: 'oneqr-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => !f.startsWith('.') && f !== 'sw.js')
        .map((f) => `/${f}`)
        .sort();
      const precache = ['/', ...files];
      const version = Buffer.from(
        JSON.stringify(
          precache.map((f) => [f, (bundle[f.slice(1)] as { fileName?: string } | undefined)?.fileName]),
        ),
      )
        .toString('base64url')
        .slice(-16);
      const template = readFileSync(path.join(here, 'sw/sw.js'), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const PRECACHE = ${JSON.stringify(precache)};\nconst VERSION = ${JSON.stringify(version)};\n${template}`,
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: path.join(here, 'public'),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    manifest: true,
    emptyOutDir: true,
    // The zxing .wasm (about 1 MB) is a separate, lazily fetched file: keep it out of the JS.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  plugins: [serviceWorker()],
});
