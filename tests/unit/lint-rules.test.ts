import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering rules fail the build', () => {
  it('refuses an electron import outside src/main/electron and src/preload', async () => {
    for (const file of ['src/main/core/x.ts', 'src/renderer/x.ts', 'src/server/x.ts', 'src/shared/x.ts']) {
      const errors = await errorsFor(file, "import { app } from 'electron';\nexport const a = app;\n");
      expect(errors.join('\n'), file).toMatch(/no-restricted-imports: .*electron/);
    }
    expect(await errorsFor('src/main/core/y.ts', "import type { IpcMain } from 'electron/main';\nexport type A = IpcMain;\n")).not.toEqual([]);
  });

  it('allows electron in the Electron shell and the preload', async () => {
    for (const file of ['src/main/electron/x.ts', 'src/preload/x.ts']) {
      expect(await errorsFor(file, "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    }
  });

  it('refuses Node and host-library imports and DOM globals in src/shared', async () => {
    expect(await errorsFor('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).not.toEqual([]);
    expect(await errorsFor('src/shared/x.ts', "import path from 'path';\nexport const p = path;\n")).not.toEqual([]);
    expect(await errorsFor('src/shared/x.ts', "import WebSocket from 'ws';\nexport const w = WebSocket;\n")).not.toEqual([]);
    expect(await errorsFor('src/shared/x.ts', 'export const t = document.title;\n')).not.toEqual([]);
    expect(await errorsFor('src/shared/x.ts', 'export const t = window.location;\n')).not.toEqual([]);
    expect(await errorsFor('src/shared/x.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([]);
  });
});
