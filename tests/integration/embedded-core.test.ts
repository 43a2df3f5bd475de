import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Push } from '../../src/shared/api';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { launchCore } from '../../src/main/launch';
import { waitFor } from '../support/wait';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-embedded-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the embedded default', () => {
  it('starts a backend on 127.0.0.1, signs in the desk operator, and --demo patrons arrive and ring', async () => {
    const dataDir = tempDir();
    const { core, embedded } = await launchCore({ dataDir, tokenStore: new MemoryTokenStore(), demo: true });
    const pushes: Push[] = [];
    core.onPush((p) => pushes.push(p));
    try {
      expect(embedded?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await waitFor(() => core.sessionView().status === 'online', 'signed in');
      expect(core.sessionView().operator?.name).toBe('Desk Librarian');
      expect(core.state.campuses).toHaveLength(18);
      // The first simulated patron arrives a few seconds after start, over the real patron socket.
      const chat = await waitFor(() => Object.values(core.state.chats).find((c) => c.state === 'waiting'), 'a demo patron', 15_000);
      await waitFor(() => pushes.some((p) => p.type === 'sound' && p.chatIds.includes(chat.id)), 'its ping');
      expect((await fetch(embedded!.patronUrl(chat.campus))).status).toBe(200);
    } finally {
      await core.stop();
    }
    // Stopping the core closed the embedded backend it was handed.
    await expect(fetch(`${embedded!.url}/healthz`)).rejects.toThrow();
    // A second start on the same data folder signs the same operator in again.
    const again = await launchCore({ dataDir, tokenStore: new MemoryTokenStore() });
    try {
      await waitFor(() => again.core.sessionView().status === 'online', 'signed in again');
      expect(again.core.sessionView().operator?.name).toBe('Desk Librarian');
    } finally {
      await again.core.stop();
    }
  });

  it('`npm run web` prints the operator and patron URLs and serves the board', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/browser/cli.ts', '--data-dir', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const board = await waitFor(() => /Operator board: (http:\/\/127\.0\.0\.1:\d+\/#secret=\S+)/.exec(out)?.[1], 'the operator URL', 30_000);
      const widget = await waitFor(() => /Patron widget:\s+(http:\/\/127\.0\.0\.1:\d+\/widget\?campus=\S+)/.exec(out)?.[1], 'the patron URL');
      expect((await fetch(board)).status).toBe(200);
      expect((await fetch(widget)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
