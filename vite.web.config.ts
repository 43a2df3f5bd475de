import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { RENDERER_CSP_META } from './src/shared/renderer-csp.ts';

/** The page's meta CSP comes from the one definition in src/shared. */
const cspMeta: Plugin = {
  name: 'deskbell-csp-meta',
  transformIndexHtml: (html) => html.replace('%DESKBELL_CSP%', RENDERER_CSP_META),
};

/** The renderer build, shared by the browser shell (out/web) and electron-vite (out/renderer). */
export const rendererConfig = (outDir: string): UserConfig => ({
  root: resolve(import.meta.dirname, 'src/renderer'),
  base: './',
  plugins: [react(), cspMeta],
  // Sounds must load from our own origin even under the strict CSP: never inline them as data: URLs.
  build: { outDir: resolve(import.meta.dirname, outDir), emptyOutDir: true, assetsInlineLimit: 0, target: 'chrome120', sourcemap: true },
});

export default rendererConfig('out/web');
