/**
 * The closest this machine gets to launching the app: build main, preload and renderer with
 * the real electron.vite.config.ts, then run the BUILT main process under plain Node with
 * 'electron' resolved to a recording stand-in (tests/electron/fake-electron). The real core
 * starts its embedded backend; the stand-in calls the IPC handler as the renderer would and
 * quits through the app's own quit path.
 */
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build as viteBuild, type InlineConfig } from 'vite';
import { syncInProcess } from '../../src/main/core/transcripts/sync-in-process';
import { TranscriptIndex } from '../../src/main/core/transcripts/transcript-index';
import { processTaskArgument } from '../../src/main/core/process-task';
import { startTestBackend } from '../support/backend';

const root = join(import.meta.dirname, '..', '..');
// Inside the repo, so the built main finds node_modules (zod, ws, better-sqlite3) as it would.
let work = '';
let report: Record<string, unknown> & {
  privilegedSchemes: unknown;
  protocols: string[];
  page: unknown;
  escapeStatus: number | null;
  windows: { webPreferences: Record<string, unknown> }[];
  loaded: string[];
  trays: string[];
  icons: string[];
  ipcChannels: string[];
  pushes: { channel: string; type: string; status: string | null }[];
  calls: Record<string, { ok: boolean; value?: Record<string, unknown>; error?: { code: string } }>;
  errors: string[];
  paths: { userData: string; logs: string };
};
let exitCode: number | null = null;
let output = '';
/** IT's machine-wide settings for this run, with one field wrong: the app must say so and run on defaults. */
let machineFile = '';

async function buildInto(out: string) {
  process.env.NODE_ENV_ELECTRON_VITE = 'production';
  const { resolveConfig } = await import('electron-vite');
  const resolved = await resolveConfig({ configFile: join(root, 'electron.vite.config.ts'), root, logLevel: 'silent' }, 'build', 'production');
  for (const target of ['main', 'preload', 'renderer'] as const) {
    const config = resolved.config?.[target];
    if (!config) throw new Error(`no ${target} build`);
    await viteBuild({ ...config, logLevel: 'silent', build: { ...config.build, outDir: join(out, target), emptyOutDir: true } } as InlineConfig);
  }
}

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  work = mkdtempSync(join(root, '.tmp', 'electron-entry-'));
  await buildInto(join(work, 'out'));
  machineFile = join(work, 'machine-config.json');
  writeFileSync(machineFile, JSON.stringify({ startAtLogin: true, alerts: { minVolume: 2 } }));
  const child = spawn(process.execPath, ['--import', join(import.meta.dirname, 'fake-electron', 'register.mjs'), join(work, 'out', 'main', 'index.js')], {
    cwd: root,
    env: { ...process.env, FAKE_ELECTRON_DIR: join(work, 'fake'), FAKE_ELECTRON_APP_PATH: root, ELECTRON_RENDERER_URL: '', DESKBELL_BACKEND_URL: '', DESKBELL_MACHINE_SETTINGS: machineFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = output.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_REPORT '));
  if (!line) throw new Error(`the built main printed no report (exit ${exitCode}):\n${output.slice(-4000)}`);
  report = JSON.parse(line.slice('FAKE_ELECTRON_REPORT '.length));
}, 120_000);

// KEEP_WORK=1 keeps the build and prints the child's output, for debugging a failure.
afterAll(() => {
  if (work && !process.env.KEEP_WORK) rmSync(work, { recursive: true, force: true });
  if (process.env.KEEP_WORK) console.log(output);
});

describe('built main process (under a stand-in electron)', () => {
  it('starts, serves the renderer calls through the core, and quits cleanly', () => {
    expect(report.errors).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('creates one locked-down window whose preload and page exist where main looks for them', () => {
    expect(report.windows).toHaveLength(1);
    const prefs = report.windows[0]?.webPreferences ?? {};
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, backgroundThrottling: false });
    expect(prefs.preload).toBe(join(work, 'out', 'preload', 'index.cjs'));
    expect(existsSync(String(prefs.preload))).toBe(true);
    // Served from our own scheme, not file:, by the protocol handler registered before the window loaded.
    expect(report.loaded).toEqual(['deskbell://app/index.html']);
    expect(report.privilegedSchemes).toEqual([{ scheme: 'deskbell', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    expect(report.protocols).toEqual(['deskbell']);
    expect(report.page).toEqual({ status: 200, csp: expect.stringContaining("default-src 'self'"), hasRoot: true });
    expect(report.escapeStatus).toBe(404);
    expect(existsSync(join(work, 'out', 'renderer', 'index.html'))).toBe(true);
  });

  it('shows the tray with an icon file that exists', () => {
    expect(report.trays).toEqual([join(root, 'assets', 'icons', 'tray-idle.png')]);
    for (const icon of report.icons) expect(existsSync(icon)).toBe(true);
  });

  it('answers our window through the IPC channel and refuses a foreign sender', () => {
    expect(report.ipcChannels).toEqual(['deskbell:call']);
    expect(report.calls.session).toMatchObject({ ok: true, value: { embedded: true } });
    expect(report.calls.foreign).toMatchObject({ ok: false, error: { code: 'bad_call' } });
    expect(report.calls.subscribe).toEqual({ ok: true, value: {} });
  });

  it('pushes the session going online to the window', () => {
    expect(report.wentOnline).toBe(true);
    expect(report.pushes.some((p) => p.channel === 'deskbell:push' && p.type === 'session' && p.status === 'online')).toBe(true);
    expect(report.pushes.some((p) => p.type === 'desk')).toBe(true);
  });

  it("reads IT's machine-wide settings file, and runs on defaults when a field is wrong", () => {
    expect(report.calls.machine).toMatchObject({
      ok: true,
      value: { path: machineFile, found: true, problem: { field: 'alerts.minVolume' }, locked: [], limits: { minVolume: 0 } },
    });
    const lines = readFileSync(join(report.paths.logs, 'deskbell.log'), 'utf8').split('\n').filter((l) => l.includes('machine settings'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`machine settings ${machineFile}: alerts.minVolume:`);
    expect(report.wentOnline).toBe(true);
  });

  it('keeps its data under userData/Deskbell: the encrypted session and the log', () => {
    expect(report.paths.userData).toBe(join(work, 'fake', 'appData', 'Deskbell'));
    const session = readFileSync(join(report.paths.userData, 'session.bin'));
    expect(session.length).toBeGreaterThan(0);
    expect(session.includes(Buffer.from('"token"'))).toBe(false);
    expect(readFileSync(join(report.paths.logs, 'deskbell.log'), 'utf8')).toContain('Deskbell started');
  });

  it('runs the embedded backend from its own built thread file, not in the main thread', () => {
    const main = readFileSync(join(work, 'out', 'main', 'index.js'), 'utf8');
    const thread = readFileSync(join(work, 'out', 'main', 'embedded-backend.js'), 'utf8');
    // The server's start-up line is in the thread's bundle only; the desk went online against it above.
    expect(thread).toContain('deskbell server listening');
    expect(main).not.toContain('deskbell server listening');
    expect(report.wentOnline).toBe(true);
  });

  it('runs its first transcript sync in the built child process, found beside index.js (not the in-thread fallback)', () => {
    // Synced once at least (another run may have begun since: a busy machine lets the desk ask again).
    expect(report.calls.transcripts).toMatchObject({ ok: true, value: { open: true, error: null, lastSyncAt: expect.any(Number) } });
    const log = readFileSync(join(report.paths.logs, 'deskbell.log'), 'utf8');
    expect(log).not.toContain('transcript sync process unavailable');
  });

  it("builds the core's worker and child entries beside index.js, and the built transcript sync runs as a child: a first sync into a file the core then reads", async () => {
    const built = join(work, 'out', 'main', 'transcript-sync.js');
    expect(existsSync(built)).toBe(true);
    const backend = await startTestBackend();
    try {
      backend.server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: 'correct-horse-battery' });
      const session = await backend.server.login('ada', 'correct-horse-battery');
      const path = join(work, 'transcripts.db');
      const run = await syncInProcess(path, { url: backend.server.url, token: session?.token ?? '' }, () => fork(built, [processTaskArgument('transcript-sync')], { execArgv: [] }));
      expect(run).toEqual({ pages: 1, changes: 0 });
      const index = new TranscriptIndex(path);
      expect(index.backend).toBe(backend.server.url);
      expect(index.filling).toBe(false);
      index.close();
    } finally {
      await backend.close();
    }
  });
});

