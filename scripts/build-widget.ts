/**
 * Prebuild the patron widget into out/widget for the desktop app, whose bundled main process
 * has neither the widget's sources nor esbuild at run time.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWidgetScript, DEFAULT_WIDGET_DIR } from '../src/server/widget/assets';

const out = join(import.meta.dirname, '..', 'out', 'widget');
mkdirSync(out, { recursive: true });
for (const file of ['index.html', 'widget.css']) copyFileSync(join(DEFAULT_WIDGET_DIR, file), join(out, file));
writeFileSync(join(out, 'widget.js'), await bundleWidgetScript(DEFAULT_WIDGET_DIR));
console.log(`patron widget built into ${out}`);
