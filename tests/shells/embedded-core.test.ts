import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Push } from '../../src/shared/api';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { launchCore } from '../../src/main/launch';
import { tempDirs } from '../support/temp-dirs';
import { waitFor } from '../support/wait';

const tempDir = tempDirs('deskbell-embedded-');

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

  it("never falls back to the built-in backend when IT's settings file is broken and names no usable backend", async () => {
    const dataDir = tempDir();
    const machineSettingsPath = join(dataDir, 'config.json');
    // IT meant a real service, but wrote plain http: the file is found, the URL is refused.
    writeFileSync(machineSettingsPath, JSON.stringify({ backendUrl: 'http://chat.library.example.edu', startAtLogin: true, locked: ['startAtLogin'] }));
    const lines: string[] = [];
    const { core, embedded, machine } = await launchCore({ dataDir, tokenStore: new MemoryTokenStore(), machineSettingsPath, log: (_level, message) => void lines.push(message) });
    try {
      expect(embedded).toBeNull();
      expect(core.sessionView().status).toBe('signed_out');
      expect(machine.view()).toMatchObject({ found: true, backendUrl: null, locked: ['startAtLogin'], problem: { field: 'backendUrl' } });
      expect(lines.some((line) => line.includes('not starting the built-in backend'))).toBe(true);
    } finally {
      await core.stop();
    }
    // A broken field beside a valid backend URL leaves the backend alone (and nothing embedded starts).
    writeFileSync(machineSettingsPath, JSON.stringify({ backendUrl: 'https://chat.library.example.edu', startAtLogin: 'yes' }));
    const second = await launchCore({ dataDir, tokenStore: new MemoryTokenStore(), machineSettingsPath });
    try {
      expect(second.embedded).toBeNull();
      expect(second.core.sessionView().configuredBackendUrl).toBe('https://chat.library.example.edu');
    } finally {
      await second.core.stop();
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
