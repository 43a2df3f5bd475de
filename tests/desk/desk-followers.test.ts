/**
 * The flow of one event in the core, against a real backend: every desk change reaches the
 * capabilities that follow the desk in the one declared order (docs/architecture.md, "One
 * event, from the backend to the speaker"), and the renderer's `desk` push goes out after the
 * last of them, so a sound decided for the event never waits behind it. Reordering the list in
 * src/main/core/capabilities.ts fails this test until the list below and the doc say the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { Alerts } from '../../src/main/core/alerts/alerts';
import { Chats } from '../../src/main/core/chats/chats';
import { Faqs } from '../../src/main/core/faqs/faqs';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { Transcripts } from '../../src/main/core/transcripts/transcripts';
import { Transfers } from '../../src/main/core/transfers/transfers';
import { Updates } from '../../src/main/core/updates/updates';
import { Workspace } from '../../src/main/core/workspace/workspace';
import { PatronClient } from '../../src/dev/patron-client';
import { type RunningServer, startServer } from '../../src/server';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import type { Push } from '../../src/shared/api';
import type { DeskAction } from '../../src/shared/desk/reduce';
import { waitFor } from '../support/wait';

/** The declared order, as docs/architecture.md states it. */
const DECLARED = ['workspace', 'alerts', 'chats', 'transfers', 'faqs', 'transcripts', 'updates'];
const followers = { workspace: Workspace, alerts: Alerts, chats: Chats, transfers: Transfers, faqs: Faqs, transcripts: Transcripts, updates: Updates };

const PASSWORD = 'desk-followers-password';
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
  vi.restoreAllMocks();
  for (const p of patrons) p.close();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** One step of the flow: a follower called with an action, or a push sent to the renderer. */
type Step = { order: number; what: string; action?: DeskAction; push?: Push };

describe("the core's desk followers", () => {
  it('run in the declared order for every event, and the desk push goes out after the last of them', async () => {
    // Spies on the prototypes see the real followers (they call through), with vitest's global call order.
    const spies = Object.entries(followers).map(([name, type]) => [name, vi.spyOn(type.prototype, 'followDesk')] as [string, MockInstance<(action: DeskAction) => void>]);
    const dataDir = tempDir('desk');
    const core = new MainCore({ settings: new SettingsStore(dataDir), tokenStore: new MemoryTokenStore(), timing: DEFAULT_TIMING, embedded: null, dataDir });
    const onPush = vi.fn<(push: Push) => void>();
    core.onPush(onPush);
    try {
      await core.signIn(server.url, 'ada', PASSWORD);
      await waitFor(() => core.sessionView().status === 'online', 'online');
      const patron = new PatronClient(server.url);
      patrons.push(patron);
      const chatId = await patron.start('tunxis', 'Maya', 'Can I renew a book?');
      await waitFor(() => core.state.chats[chatId], 'the chat on the desk');
      const claimed = await core.call('chat.claim', { chatId });
      expect(claimed.ok).toBe(true);
      patron.say('hello?');
      await waitFor(() => onPush.mock.calls.some(([p]) => p.type === 'sound' && p.sound === 'message'), 'the chime');

      const steps: Step[] = [
        ...spies.flatMap(([what, spy]) => spy.mock.calls.map(([action], i) => ({ order: spy.mock.invocationCallOrder[i] ?? 0, what, action }))),
        ...onPush.mock.calls.map(([push], i) => ({ order: onPush.mock.invocationCallOrder[i] ?? 0, what: `push:${push.type}`, push })),
      ].sort((a, b) => a.order - b.order);
      // Each desk push closes one event: the followers called since the previous one, in order.
      const events: { type: string; followers: string[]; pushes: string[] }[] = [];
      let open: { followers: string[]; pushes: string[] } = { followers: [], pushes: [] };
      for (const step of steps) {
        if (step.push?.type === 'desk') {
          events.push({ type: step.push.action.type, ...open });
          open = { followers: [], pushes: [] };
        } else if (step.action) open.followers.push(step.what);
        else open.pushes.push(step.what);
      }
      const types = events.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['snapshot', 'chat.created', 'chat.claimed', 'chat.message']));
      for (const event of events) expect({ type: event.type, followers: event.followers }).toEqual({ type: event.type, followers: DECLARED });
      // The chime, decided while the followers ran, went out before the event itself.
      const line = events.find((e) => e.type === 'chat.message' && e.pushes.includes('push:sound'));
      expect(line?.pushes).toEqual(expect.arrayContaining(['push:unread', 'push:sound']));
    } finally {
      await core.stop();
    }
  });
});
