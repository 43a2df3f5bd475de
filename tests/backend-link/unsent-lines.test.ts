/**
 * Lines a librarian types while the link is down: main tells the renderer each one (the session
 * view's `unsent`), and once the backend stores it, the stored line takes its place in one step.
 * A real MainCore against a real backend through a proxy that cuts the link; the renderer is
 * played by applying main's pushes in order, as the store does, and checked after every push.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import type { Push, SessionView } from '../../src/shared/api';
import { deskSnapshot, type DeskState, emptyDesk, reduceDesk } from '../../src/shared/desk';
import { MainCore } from '../../src/main/core/main-core';
import { PatronClient } from '../../src/dev/patron-client';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { startTestBackend } from '../support/backend';
import { FaultyProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';

let closeAll: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeAll?.();
  closeAll = null;
});

/** What the conversation shows of a chat after a push: its stored lines, then the unsent ones not yet stored. */
function shown(desk: DeskState, session: SessionView | null, chatId: string): { text: string; unsent: boolean }[] {
  const messages = desk.chats[chatId]?.messages ?? [];
  const stored = new Set(messages.map((m) => m.seq));
  const unsent = (session?.unsent ?? []).filter((l) => l.chatId === chatId && (l.messageSeq === null || !stored.has(l.messageSeq)));
  return [...messages.map((m) => ({ text: m.text, unsent: false })), ...unsent.map((l) => ({ text: l.text, unsent: true }))];
}

describe('lines typed while the link is down', () => {
  it('are each in the session view as unsent, then replaced by the stored line: at no push shown twice or missing', async () => {
    const backend = await startTestBackend({ ticketOfferAfterMs: 3_600_000 });
    const campus = backend.server.campuses[0]!.id;
    backend.server.addOperator({ username: 'ada', name: 'Ada Librarian', campus, password: 'correct horse battery staple' });
    const proxy = new FaultyProxy(backend.server.port);
    const proxyUrl = await proxy.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-unsent-'));
    const core = new MainCore({
      settings: new SettingsStore(dataDir),
      tokenStore: new MemoryTokenStore(),
      timing: DEFAULT_TIMING,
      embedded: null,
      dataDir,
      linkTuning: { heartbeatMs: 200, backoffBaseMs: 20, backoffCapMs: 100 },
    });
    const patron = new PatronClient(backend.server.url);
    closeAll = async () => {
      patron.close();
      await core.stop();
      await proxy.close();
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
    await core.signIn(proxyUrl, 'ada', 'correct horse battery staple');
    await waitFor(() => core.sessionView().status === 'online', 'online');
    const chatId = await patron.start(campus, 'Maya', 'Where are the study rooms?');
    await waitFor(() => core.state.chats[chatId], 'chat on the desk');
    expect((await core.call('chat.claim', { chatId })).ok).toBe(true);
    await waitFor(() => core.state.chats[chatId]?.messages.length, 'the transcript');

    // The renderer's copy, fed by every push from here on, checked after each.
    let desk = reduceDesk(emptyDesk, { type: 'snapshot', snapshot: deskSnapshot(core.state, Date.now()) });
    let session: SessionView | null = core.sessionView();
    const typed = ['Let me look that up.', 'Study rooms are on the 2nd floor <b>A-F</b>.'];
    const faults: string[] = [];
    let sawBothUnsent = false;
    core.onPush((push: Push) => {
      if (push.type === 'desk') desk = reduceDesk(desk, push.action);
      else if (push.type === 'session') session = push.session;
      else return;
      const lines = shown(desk, session, chatId);
      for (const text of typed) {
        const count = lines.filter((l) => l.text === text).length;
        if (count > 1 || (sawBothUnsent && count === 0)) faults.push(`shown ${count} times after a ${push.type} push: ${text}`);
      }
      if (typed.every((text) => lines.some((l) => l.text === text && l.unsent))) sawBothUnsent = true;
    });

    proxy.cut();
    await waitFor(() => core.sessionView().status !== 'online', 'offline');
    const sends = typed.map((text) => core.call('chat.send', { chatId, text }));
    await waitFor(() => core.sessionView().unsent.length === 2, 'two unsent lines');
    expect(core.sessionView().unsent).toEqual([
      expect.objectContaining({ chatId, text: typed[0], messageSeq: null }),
      expect.objectContaining({ chatId, text: typed[1], messageSeq: null }),
    ]);
    expect(core.sessionView().pending).toBe(2);
    expect(sawBothUnsent).toBe(true);

    proxy.restore();
    expect((await Promise.all(sends)).every((o) => o.ok)).toBe(true);
    await waitFor(() => core.sessionView().unsent.length === 0 && typed.every((t) => core.state.chats[chatId]?.messages.some((m) => m.text === t)), 'both stored');
    await waitFor(() => session?.unsent.length === 0, 'the last session push');
    // The renderer's copy ends with each line once, stored, in the order typed.
    const end = shown(desk, session, chatId).filter((l) => typed.includes(l.text));
    expect(end).toEqual(typed.map((text) => ({ text, unsent: false })));
    expect(faults).toEqual([]);
  });
});
