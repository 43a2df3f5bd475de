import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server';
import { bundleWidgetScript, DEFAULT_WIDGET_DIR } from '../../src/server/widget/assets';

// The desktop build ships out/widget with widget.js prebuilt (no sources, no esbuild at run time).
let dir: string;
let server: RunningServer;
const marker = '/* prebuilt-widget-marker */';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-widget-'));
  const widget = join(dir, 'widget');
  mkdirSync(widget);
  for (const file of ['index.html', 'widget.css']) copyFileSync(join(DEFAULT_WIDGET_DIR, file), join(widget, file));
  writeFileSync(join(widget, 'widget.js'), `${marker}\n${Buffer.from(await bundleWidgetScript(DEFAULT_WIDGET_DIR)).toString('utf8')}`);
  server = await startServer({ dbPath: join(dir, 'desk.db'), widgetDir: widget });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a prebuilt patron widget', () => {
  it('is served as built, without bundling from source', async () => {
    const js = await fetch(`${server.url}/widget/widget.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).startsWith(marker)).toBe(true);
    const page = await fetch(`${server.url}/widget?campus=gateway`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('widget/widget.js');
  });
});
