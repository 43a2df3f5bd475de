import { defineConfig } from 'vitest/config';

/** The asset and packaging tests need no web build, so they skip the main config's global setup. */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/assets/**/*.test.ts', 'tests/electron/packaging.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
