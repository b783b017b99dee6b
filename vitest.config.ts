import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'e2e/**/*.test.ts',
      'test-support/**/*.test.ts',
    ],
    pool: 'forks',
    // Vitest runs cores − 1 files at once: one on a 2-core machine. Most files wait on PostgreSQL,
    // child processes or Chromium rather than compute, so three at once roughly halves the wall
    // time there (ONEQR_TEST_WORKERS overrides; each file keeps its own databases and ports).
    maxWorkers: Number(process.env.ONEQR_TEST_WORKERS) || 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
