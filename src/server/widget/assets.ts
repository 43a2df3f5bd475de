import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { DeskbellServerError } from '../platform/errors';
import { messageOf } from '../../shared/narrow';

export interface Asset {
  body: Buffer;
  /** Precompressed once; the script is ~200 KB raw and patrons are often on phones. */
  gzipped: Buffer;
  contentType: string;
  etag: string;
}

export interface WidgetAssets {
  html: Asset;
  css: Asset;
  js: Asset;
}

/**
 * The page's sources, beside this module in the source tree. The desktop app passes its prebuilt copy
 * (out/widget, from `scripts/build-widget.ts`), which holds widget.js instead of widget.ts.
 */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('./page/', import.meta.url));

function asset(body: string | Uint8Array, contentType: string): Asset {
  const buffer = Buffer.from(body);
  return { body: buffer, gzipped: gzipSync(buffer, { level: 9 }), contentType, etag: `"${createHash('sha256').update(buffer).digest('base64url').slice(0, 27)}"` };
}

/**
 * zod's namespace re-exports every locale (about 260 KB minified) though only English is
 * used; the widget gets English alone.
 */
const englishOnlyZodLocales: Plugin = {
  name: 'english-only-zod-locales',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

const built = new Map<string, Promise<WidgetAssets>>();

/**
 * Bundle the patron widget and keep it in memory. A server restarted in the same process
 * (the desktop app, tests) reuses the bundle: the sources do not change under a running app.
 */
export function buildWidgetAssets(dir: string = DEFAULT_WIDGET_DIR): Promise<WidgetAssets> {
  let assets = built.get(dir);
  if (!assets) {
    assets = bundleWidget(dir);
    built.set(dir, assets);
    // A failed build is not remembered: the next start tries again.
    assets.catch(() => built.delete(dir));
  }
  return assets;
}

/** Bundle widget.ts into one browser script. esbuild is loaded only here: prebuilt copies never need it. */
export async function bundleWidgetScript(dir: string): Promise<Uint8Array> {
  const { build } = await import('esbuild');
  const bundle = await build({
    entryPoints: [join(dir, 'widget.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [englishOnlyZodLocales],
  });
  const js = bundle.outputFiles[0];
  if (!js) throw new Error('esbuild produced no output');
  return js.contents;
}

async function bundleWidget(dir: string): Promise<WidgetAssets> {
  try {
    const prebuilt = existsSync(join(dir, 'widget.js'));
    const [html, css, js] = await Promise.all([
      readFile(join(dir, 'index.html')),
      readFile(join(dir, 'widget.css')),
      prebuilt ? readFile(join(dir, 'widget.js')) : bundleWidgetScript(dir),
    ]);
    return {
      html: asset(html, 'text/html; charset=utf-8'),
      css: asset(css, 'text/css; charset=utf-8'),
      js: asset(js, 'text/javascript; charset=utf-8'),
    };
  } catch (error) {
    throw new DeskbellServerError('widget_unavailable', `cannot build the patron widget from ${dir}: ${messageOf(error)}`, { cause: error });
  }
}
