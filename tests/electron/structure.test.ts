import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Runtime (value) imports of 'electron'; `import type` vanishes at build time. */
const runtimeElectronImport = /^\s*import\s+(?!type\b)[^;]*?from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/m;

describe('shell structure', () => {
  it('loads the real electron only in the two entry points, so every other module runs under plain Node with fakes', () => {
    const files = [...sources('src/main/electron'), ...sources('src/preload')];
    const loaders = files.filter((file) => runtimeElectronImport.test(read(file))).sort();
    expect(loaders).toEqual(['src/main/electron/main.ts', 'src/preload/index.ts']);
  });

  it('keeps the IPC channel names in one constant in src/shared, used by main and preload', () => {
    const files = sources('src');
    const spelled = files.filter((file) => /['"]deskbell:(call|push)['"]/.test(read(file)));
    expect(spelled).toEqual(['src/shared/ipc-channels.ts']);
    expect(read('src/main/electron/ipc.ts')).toContain("from '../../shared/ipc-channels'");
    expect(read('src/preload/host.ts')).toContain("from '../shared/ipc-channels'");
  });

  it('gives Windows the same app id as the installer, or notifications do not show', () => {
    const appId = /^appId:\s*(\S+)\s*$/m.exec(read('electron-builder.yml'))?.[1];
    expect(appId).toBeTruthy();
    expect(read('src/main/electron/main.ts')).toContain(`const APP_USER_MODEL_ID = '${appId}';`);
  });
});
