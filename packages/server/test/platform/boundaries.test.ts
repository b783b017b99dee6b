/**
 * Lint fails on a boundary import: the repository's own ESLint config (eslint.config.js and its
 * `boundaries/imports` rule) is run on source text placed at paths in the tree, so the config
 * blocks apply exactly as `npm run lint` applies them. The files are virtual (lintText), so a
 * parallel lint or typecheck never sees them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary messages ESLint reports for `code` placed at `file` (relative to the repo). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the probe must parse').toEqual([]);
  return result!.messages.filter((m) => m.ruleId === 'boundaries/imports').map((m) => m.message);
}

const use = (spec: string): string => `import { x } from '${spec}';\nexport const y = x;\n`;

describe('lint: server domains talk only through public modules', () => {
  // venues/ does not exist yet: the rule covers a new domain without being told about it.
  const file = 'packages/server/src/venues/service.ts';

  it.each([
    '../registry/repository.ts',
    '../registry/registry.table.ts',
    '../registry/validate.ts',
    '../access/roles.ts',
    '../health/rules/index.ts',
  ])('refuses %s', async (spec) => {
    const errors = await boundaryErrors(file, use(spec));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/only through \w+\/index\.ts or \w+\/service\.ts/);
  });

  it.each([
    '../registry/index.ts',
    '../registry/service.ts',
    '../store/store.ts',
    '../plugins/auth.ts',
    '../errors.ts',
    '../clock.ts',
    '../config.ts',
    './repository.ts',
    '@oneqr/qr',
  ])('allows %s', async (spec) => {
    expect(await boundaryErrors(file, use(spec))).toEqual([]);
  });

  it('sees type imports, re-exports and dynamic imports too', async () => {
    const code = [
      "import type { PersonRow } from '../registry/registry.table.ts';",
      "export { hashSecret } from '../access/secrets.ts';",
      "export * from '../issuers/keys.ts';",
      "export const m = await import('../credentials/repository.ts');",
      'export type R = PersonRow;',
    ].join('\n');
    expect(await boundaryErrors(file, code)).toHaveLength(4);
  });

  it('lets store/database.ts alone compose the *.table.ts types', async () => {
    const tables =
      "import type { VenuesTables } from '../venues/venues.table.ts';\nexport type T = VenuesTables;\n";
    expect(await boundaryErrors('packages/server/src/store/database.ts', tables)).toEqual([]);
    expect(await boundaryErrors('packages/server/src/scan/service.ts', tables)).toHaveLength(1);
  });
});

describe('lint: nothing outside packages/qr reaches into qr/src', () => {
  it.each([
    ['packages/server/src/registry/validate.ts', '../../../qr/src/lib/text.ts'],
    ['packages/server/test/registry/x.test.ts', '../../../qr/src/formats/citizen-id/index.ts'],
    ['e2e/x.test.ts', '../packages/qr/src/index.ts'],
    ['packages/cli/src/commands/x.ts', '@oneqr/qr/src/read.ts'],
  ])('%s importing %s fails', async (file, spec) => {
    const errors = await boundaryErrors(file, use(spec));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/qr\/src|never its files/);
  });

  it.each([
    ['packages/server/src/registry/validate.ts', '@oneqr/qr'],
    ['packages/cli/src/commands/x.ts', '@oneqr/qr/symbols'],
    ['bench/x.ts', '@oneqr/qr/node'],
    ['packages/qr/test/x.test.ts', '../src/lib/text.ts'],
  ])('%s importing %s passes', async (file, spec) => {
    expect(await boundaryErrors(file, use(spec))).toEqual([]);
  });
});

describe('lint: outside packages/server, only the @oneqr/server exports', () => {
  it.each([
    ['packages/cli/src/commands/x.ts', '@oneqr/server/registry/import.ts'],
    ['packages/cli/src/commands/x.ts', '../../../server/src/config.ts'],
    ['bench/x.ts', '../packages/server/src/app.ts'],
  ])('%s importing %s fails', async (file, spec) => {
    expect(await boundaryErrors(file, use(spec))).toHaveLength(1);
  });

  it.each([
    ['packages/cli/src/commands/x.ts', '@oneqr/server'],
    ['packages/cli/src/commands/x.ts', '@oneqr/server/cli'],
    // The server's own tests may reach its internals: they test them.
    ['packages/server/test/registry/x.test.ts', '../../src/registry/repository.ts'],
  ])('%s importing %s passes', async (file, spec) => {
    expect(await boundaryErrors(file, use(spec))).toEqual([]);
  });
});
