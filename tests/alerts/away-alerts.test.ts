/**
 * A librarian set to Away, against a real backend: the core hands their presence to the shared
 * alert policy, so a waiting chat does not ring this desk until it turns urgent; back online,
 * a new chat pings at once again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { PatronClient } from '../../src/dev/patron-client';
import { type RunningServer, startServer } from '../../src/server';
import type { Push } from '../../src/shared/api';
import { waitFor } from '../support/wait';

const PASSWORD = 'away-alerts-password';
const TIMING = { beepIntervalMs: 300, urgentAfterMs: 1_200, ticketOfferAfterMs: 60_000 };
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `deskbell-${name}-`));
  dirs.push(d);
  return d;
};
let server: RunningServer;
const patrons: PatronClient[] = [];

beforeAll(async () => {
  server = await startServer({ dbPath: join(tempDir('server'), 'desk.db'), port: 0, log: () => undefined, passwordHashN: 1 << 14, limits: { patronStartBurst: 1_000 } });
  server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: PASSWORD });
});
afterAll(async () => {
  for (const p of patrons) p.close();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a librarian set to Away', () => {
  it('is not rung for a waiting chat until it turns urgent; back online, the next chat pings at once', async () => {
    const dataDir = tempDir('desk');
    const core = new MainCore({ settings: new SettingsStore(dataDir), tokenStore: new MemoryTokenStore(), timing: TIMING, embedded: null, dataDir });
    const pushes: Push[] = [];
    core.onPush((push) => pushes.push(push));
    const soundsFor = (chatId: string) => pushes.flatMap((p) => (p.type === 'sound' && p.chatIds.includes(chatId) ? [p.sound] : []));
    try {
      await core.signIn(server.url, 'ada', PASSWORD);
      await waitFor(() => core.sessionView().status === 'online', 'online');
      core.setPresence('away', 'operator');
      expect(core.sessionView().presence).toBe('away');

      const patron = new PatronClient(server.url);
      patrons.push(patron);
      const chatId = await patron.start('tunxis', 'Maya', 'Can I renew a book?');
      // Its own campus's chat: for a librarian at the desk this would ping at once, and twice more.
      await waitFor(() => soundsFor(chatId).length > 0, 'the urgent alert', 10_000);
      expect(soundsFor(chatId)[0]).toBe('urgent');

      // Claimed, it stops ringing; the librarian is back at the desk.
      const claimed = await core.call('chat.claim', { chatId });
      expect(claimed.ok).toBe(true);
      core.setPresence('online', 'operator');
      const next = new PatronClient(server.url);
      patrons.push(next);
      const second = await next.start('tunxis', 'Rex', 'Where are the study rooms?');
      await waitFor(() => soundsFor(second).length > 0, 'a ping', 10_000);
      // A ping, not the urgent alert: the desk rings before the chat turns urgent again.
      expect(soundsFor(second)[0]).toMatch(/^ping-/);
    } finally {
      await core.stop();
    }
  });
});
