import { defineConfig } from 'vitest/config';

/**
 * The server tests need no web build: this config runs them without the main config's
 * global setup (`npx vitest run --config tests/server/vitest.config.ts`).
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/server/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    pool: 'forks',
  },
});
