/**
 * The first hour: every command answers --help at once (before building or downloading
 * anything), listing its flags and environment variables, and a contradiction such as --demo
 * with a backend URL is refused with a reason. (The server's flags are tested with the server;
 * here, that its help lists every command the capabilities contribute.)
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (script: string, args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('--help everywhere', () => {
  it('npm run web: every flag and its environment variable, without building the renderer', () => {
    const help = run('scripts/web.ts', ['--help']);
    expect(help.code).toBe(0);
    for (const text of ['--demo', '--campus', '--backend-url', 'DESKBELL_BACKEND_URL', '--port', 'DESKBELL_WEB_PORT', '--data-dir', 'DESKBELL_DATA_DIR', '--machine-settings', 'DESKBELL_MACHINE_SETTINGS']) {
      expect(help.out, text).toContain(text);
    }
    expect(help.out).not.toContain('Building the renderer');
  });

  it('npm run web refuses contradictions and mistakes with one line and exit 2', () => {
    const both = run('scripts/web.ts', ['--demo', '--backend-url', 'https://chat.library.example']);
    expect(both.code).toBe(2);
    expect(both.err.trim().split('\n')).toEqual(['deskbell web: --demo runs simulated patrons against the embedded backend; it cannot be combined with --backend-url']);
    const plain = run('scripts/web.ts', ['--backend-url', 'http://chat.library.example']);
    expect(plain.code).toBe(2);
    expect(plain.err).toContain('https://');
    const unknown = run('scripts/web.ts', ['--nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--nope');
  });

  it('npm start: the desktop options and the download variables, before any download; --demo with a backend URL refused', () => {
    const help = run('scripts/start.ts', ['--help']);
    expect(help.code).toBe(0);
    for (const text of ['--demo', '--campus', '--backend-url', 'DESKBELL_BACKEND_URL', '--machine-settings', 'ELECTRON_MIRROR', 'ELECTRON_OVERRIDE_DIST_PATH', 'npm run web -- --demo']) {
      expect(help.out, text).toContain(text);
    }
    const both = run('scripts/start.ts', ['--demo', '--backend-url=https://chat.library.example']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--demo runs the embedded backend');
  });

  it('npm run bench, sounds, icons and screenshot', () => {
    const bench = run('bench/run.ts', ['--help']);
    expect(bench.code).toBe(0);
    for (const text of ['--only', 'load', '--load-steps', '--chats']) expect(bench.out, text).toContain(text);
    for (const script of ['scripts/make-sounds.ts', 'scripts/make-icons.ts', 'scripts/screenshot.ts']) {
      const help = run(script, ['--help']);
      expect(help.code, script).toBe(0);
      expect(help.out, script).toMatch(/^usage: npm run /);
      expect(run(script, ['--bogus']).code, script).toBe(2);
    }
  });

  it('npm run server: --help lists every command the capabilities contribute, with what it does; each answers its own --help', () => {
    const help = run('src/server/cli.ts', ['--help']);
    expect(help.code).toBe(0);
    const listed = (help.out.split('Other commands (each answers --help):\n')[1] ?? '')
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s{2,}/));
    expect(listed.map(([name]) => name)).toEqual(['add-operator', 'set-role', 'disable', 'enable', 'reset-password', 'end-sessions', 'import-faqs', 'directory-edits']);
    for (const [name, summary] of listed) {
      expect(summary, name).toMatch(/^[a-z].{10,}/);
      const own = run('src/server/cli.ts', [name ?? '', '--help']);
      expect(own.code, name).toBe(0);
      expect(own.out, name).toMatch(new RegExp(`^usage: npm run server -- ${name} `));
    }
  });
});
