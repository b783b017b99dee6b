import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import boundaries from './eslint-boundaries.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '**/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Package and domain boundaries (eslint-boundaries.js says which).
    files: ['**/*.ts', '**/*.js'],
    plugins: { boundaries },
    rules: { 'boundaries/imports': 'error' },
  },
  {
    // The standard is isomorphic: it runs unchanged in a browser, so no Node built-ins.
    files: ['packages/qr/src/**/*.ts'],
    // src/node/ is the adapter allowed to touch Node (reads the bundled wasm); the node:crypto
    // verify backend is reached only through package.json's `node` import condition.
    ignores: [
      'packages/qr/src/**/*.test.ts',
      'packages/qr/src/node/**',
      'packages/qr/src/crypto/backend-node.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^node:', message: '@oneqr/qr is isomorphic: no node: imports.' }] },
      ],
    },
  },
);
