import { existsSync, statSync } from 'node:fs';
import { build } from 'vite';

/** The end-to-end tests serve the built renderer; build it once per run. */
export default async function setup(): Promise<void> {
  if (process.env.DESKBELL_SKIP_WEB_BUILD === '1' && existsSync('out/web/index.html') && statSync('out/web/index.html').size > 0) return;
  // Vitest sets NODE_ENV=test, which would make Vite build development React; build as `npm run build:web` does.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.web.config.ts', logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
