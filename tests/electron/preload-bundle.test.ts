/**
 * The built preload must run where a sandboxed preload runs: one script, evaluated with a
 * `require` that knows 'electron' and nothing from our tree or node_modules. This builds
 * it with the real electron.vite.config.ts (into a temp folder, leaving out/ alone) and
 * evaluates it that way.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as viteBuild, type InlineConfig } from 'vite';
import { IPC_CHANNELS } from '../../src/shared/ipc-channels';

const root = join(import.meta.dirname, '..', '..');
let outDir = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'deskbell-preload-'));
  process.env.NODE_ENV_ELECTRON_VITE = 'production';
  const { resolveConfig } = await import('electron-vite');
  const resolved = await resolveConfig({ configFile: join(root, 'electron.vite.config.ts'), root, logLevel: 'silent' }, 'build', 'production');
  const preload = resolved.config?.preload;
  if (!preload) throw new Error('electron.vite.config.ts has no preload build');
  await viteBuild({ ...preload, logLevel: 'silent', build: { ...preload.build, outDir } } as InlineConfig);
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Evaluates the bundle like Electron's sandboxed preload loader; returns what it exposed. */
function runSandboxed(code: string) {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        return { ok: true, value: {} };
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const context = vm.createContext({ console });
  const wrapper = vm.runInContext(`(function (require, module, exports) {${code}\n})`, context) as (...args: unknown[]) => void;
  const module = { exports: {} };
  wrapper(sandboxRequire, module, module.exports);
  return { exposed, invoked, required };
}

describe('built preload', () => {
  it('is a single CommonJS file', () => {
    expect(readdirSync(outDir)).toEqual(['index.cjs']);
    const code = readFileSync(join(outDir, 'index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('runs with nothing but electron to require, exposing the host that refuses unknown calls', async () => {
    const { exposed, invoked, required } = runSandboxed(readFileSync(join(outDir, 'index.cjs'), 'utf8'));
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['deskbell']);
    const host = exposed.get('deskbell') as { kind: string; call(name: string, args: unknown): Promise<unknown> };
    expect(Object.keys(host).sort()).toEqual(['call', 'kind', 'onPush']);
    expect(await host.call('fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    // The fake main answers every call with an empty value: right for a claim, wrong for the session.
    expect(await host.call('chat.claim', { chatId: 'abcd' })).toEqual({ ok: true, value: {} });
    expect(await host.call('session.get', {})).toMatchObject({ ok: false, error: { code: 'bad_result' } });
    expect(invoked).toEqual([
      [IPC_CHANNELS.call, 'chat.claim', { chatId: 'abcd' }],
      [IPC_CHANNELS.call, 'session.get', {}],
    ]);
  });
});
