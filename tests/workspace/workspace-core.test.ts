/**
 * The workspace in main, against a real backend: a patron's line in a chat the librarian holds
 * counts as unread and sounds the message chime (its own volume, silent when muted) unless that
 * chat is in front in a visible window; the tray shows it; typing travels both ways; the
 * transcript index fills as chats end and is searched per librarian.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { MainCore } from '../../src/main/core/main-core';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { transcriptIndexPath } from '../../src/main/core/transcripts/transcripts';
import { PatronClient } from '../../src/dev/patron-client';
import { type RunningServer, startServer } from '../../src/server';
import { DEFAULT_TIMING } from '../../src/shared/alerts/policy';
import type { Push } from '../../src/shared/api';
import { waitFor } from '../support/wait';

const PASSWORD = 'workspace-core-password';
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `deskbell-${name}-`));
  dirs.push(d);
  return d;
};
let server: RunningServer;
const patrons: PatronClient[] = [];

function newCore(dataDir: string, tokenStore = new MemoryTokenStore()) {
  const core = new MainCore({ settings: new SettingsStore(dataDir), tokenStore, timing: DEFAULT_TIMING, embedded: null, dataDir });
  const pushes: Push[] = [];
  core.onPush((push) => pushes.push(push));
  return { core, pushes };
}

async function patronChat(name: string, question: string, campus = 'tunxis') {
  const patron = new PatronClient(server.url);
  patrons.push(patron);
  const chatId = await patron.start(campus, name, question);
  return { patron, chatId };
}

const ok = <T>(outcome: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.value;
};

beforeAll(async () => {
  server = await startServer({ dbPath: join(tempDir('server'), 'desk.db'), port: 0, log: () => undefined, passwordHashN: 1 << 14, limits: { patronStartBurst: 1_000 } });
  server.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: PASSWORD });
  server.addOperator({ username: 'bo', name: 'Bo Librarian', campus: 'gateway', password: PASSWORD });
});
afterAll(async () => {
  for (const p of patrons) p.close();
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the message chime and unread counts', () => {
  it('sound, count and notify for a held chat not in front; not for the chat in front of a visible window; muted means silent', async () => {
    const { core, pushes } = newCore(tempDir('desk'));
    try {
      await core.signIn(server.url, 'ada', PASSWORD);
      await waitFor(() => core.sessionView().status === 'online', 'online');
      const { patron, chatId } = await patronChat('Maya', 'Can I renew a book?');
      await waitFor(() => core.state.chats[chatId], 'chat on the desk');
      ok(await core.call('chat.claim', { chatId }));
      const chimes = () => pushes.filter((p) => p.type === 'sound' && p.sound === 'message');
      const lastUnread = () => [...pushes].reverse().find((p): p is Extract<Push, { type: 'unread' }> => p.type === 'unread')?.counts ?? {};

      // Nothing in front yet: the line is unread, chimes at the message volume, and asks for a notification.
      patron.say('hello?');
      await waitFor(() => chimes().length === 1, 'a chime');
      expect(chimes()[0]).toMatchObject({ volume: 0.5, chatIds: [chatId] });
      expect(lastUnread()).toEqual({ [chatId]: 1 });
      expect(pushes.find((p) => p.type === 'patronMessage')).toMatchObject({ chatId, patron: 'Maya', text: 'hello?' });
      expect(core.tray()).toMatchObject({ unread: 1 });
      expect(core.tray().tooltip).toContain('1 new message from your patron');

      // In front and visible: read as it arrives, no chime; the count clears.
      ok(await core.call('workspace.front', { chatId, visible: true }));
      expect(lastUnread()).toEqual({});
      expect(core.tray()).toMatchObject({ unread: 0 });
      patron.say('are you there?');
      await waitFor(() => core.state.chats[chatId]?.messages.some((m) => m.text === 'are you there?'), 'the line');
      expect(chimes()).toHaveLength(1);

      // The window hidden (the same chat in front): chime again, at the volume the librarian set.
      ok(await core.call('alerts.set', { messageVolume: 0.3 }));
      ok(await core.call('workspace.front', { chatId, visible: false }));
      patron.say('one more');
      await waitFor(() => chimes().length === 2, 'a second chime');
      expect(chimes()[1]).toMatchObject({ volume: 0.3 });
      // Changing the alert volume leaves the chime's own volume as it was.
      expect(ok(await core.call('alerts.set', { volume: 0.9 })).messageVolume).toBe(0.3);

      // Muted: the count still says it, no sound.
      ok(await core.call('alerts.mute', { minutes: 5 }));
      patron.say('still waiting');
      await waitFor(() => lastUnread()[chatId] === 2, 'counted while muted');
      expect(chimes()).toHaveLength(2);
      ok(await core.call('alerts.mute', { minutes: 0 }));

      // Typing both ways, never through the command outbox.
      patron.typing(true);
      await waitFor(() => pushes.some((p) => p.type === 'typing' && p.chatId === chatId && p.typing), 'typing push');
      const before = patron.frames.length;
      ok(await core.call('chat.typing', { chatId, typing: true }));
      await waitFor(() => patron.frames.slice(before).some((f) => f.type === 'typing' && f.typing), 'the patron sees typing');
      expect(core.sessionView().pending).toBe(0);
    } finally {
      await core.stop();
    }
  });
});

describe('unread counts and the hand-offs', () => {
  it('a chat sent back to a queue takes its unread lines with it: the count and the tray forget them', async () => {
    const { core, pushes } = newCore(tempDir('desk'));
    try {
      await core.signIn(server.url, 'ada', PASSWORD);
      await waitFor(() => core.sessionView().status === 'online', 'online');
      const { patron, chatId } = await patronChat('Noor', 'Do you have CINAHL?');
      await waitFor(() => core.state.chats[chatId], 'chat on the desk');
      ok(await core.call('chat.claim', { chatId }));
      const lastUnread = () => [...pushes].reverse().find((p): p is Extract<Push, { type: 'unread' }> => p.type === 'unread')?.counts ?? {};
      patron.say('hello?');
      await waitFor(() => lastUnread()[chatId] === 1, 'unread');
      expect(core.tray()).toMatchObject({ unread: 1 });
      ok(await core.call('transfer.queue', { chatId, campus: 'gateway' }));
      await waitFor(() => lastUnread()[chatId] === undefined, 'the count forgotten');
      expect(core.tray()).toMatchObject({ unread: 0 });
    } finally {
      await core.stop();
    }
  });
});

describe('unread counts over a shift', () => {
  it('an ended chat takes its unread lines with it, so the counts never grow with the shift and the tray never sticks', async () => {
    // A backend of its own: the chats ended here must not reach the transcript index's test.
    const own = await startServer({ dbPath: join(tempDir('server'), 'desk.db'), port: 0, log: () => undefined, passwordHashN: 1 << 14 });
    own.addOperator({ username: 'ada', name: 'Ada Lovelace', campus: 'tunxis', password: PASSWORD });
    const { core, pushes } = newCore(tempDir('desk'));
    try {
      await core.signIn(own.url, 'ada', PASSWORD);
      await waitFor(() => core.sessionView().status === 'online', 'online');
      const lastUnread = () => [...pushes].reverse().find((p): p is Extract<Push, { type: 'unread' }> => p.type === 'unread')?.counts ?? {};
      for (let i = 0; i < 3; i++) {
        const patron = new PatronClient(own.url);
        patrons.push(patron);
        const chatId = await patron.start('tunxis', `Patron ${i}`, 'Is the library open?');
        await waitFor(() => core.state.chats[chatId], 'chat on the desk');
        ok(await core.call('chat.claim', { chatId }));
        patron.say('hello?');
        // Timed out now and then under load: the line came in the claim's history before its own event, and
        // was not counted (tests/workspace/history-lines.test.ts). If it does again, say what the desk and the patron had.
        await waitFor(() => lastUnread()[chatId] === 1, 'unread').catch((error: unknown) => {
          const chat = core.state.chats[chatId];
          const seen = { session: core.sessionView().status, state: chat?.state, claimedBy: chat?.claimedBy?.id, lines: chat?.messages.map((m) => `${m.from}:${m.text}`) };
          const patronSaw = patron.frames.map((f) => (f.type === 'error' ? `error:${f.code}` : f.type));
          const pushed = pushes.filter((p) => p.type === 'unread' || p.type === 'session').map((p) => JSON.stringify(p).slice(0, 120)).slice(-8);
          throw new Error(`${String(error)}; desk: ${JSON.stringify(seen)}; patron saw: ${patronSaw.join(',')}, unacknowledged ${patron.unacknowledged}; pushes: ${pushed.join(' | ')}`);
        });
        ok(await core.call('chat.end', { chatId }));
        await waitFor(() => lastUnread()[chatId] === undefined, 'the count forgotten at the end');
      }
      expect(lastUnread()).toEqual({});
      expect(core.tray()).toMatchObject({ unread: 0 });
    } finally {
      await core.stop();
      await own.close();
    }
  });
});

describe('the transcript index', () => {
  it('fills as chats end, searches by words, patron, campus, encounter ID and date, per librarian, offline after a restart', async () => {
    const dataDir = tempDir('desk');
    const tokens = new MemoryTokenStore();
    const { core } = newCore(dataDir, tokens);
    let encounter = '';
    let nursingChat = '';
    let adaId = '';
    try {
      await core.signIn(server.url, 'ada', PASSWORD);
      await waitFor(() => core.sessionView().status === 'online', 'online');
      adaId = core.sessionView().operator!.id;
      const chats = [
        await patronChat('how do I cite a website in APA?', 'for ENG 101', 'tunxis'),
        await patronChat('Jordan', 'Where are the nursing journals?', 'gateway'),
        await patronChat('Sam', 'Can I print in colour?', 'tunxis'),
      ];
      for (const { chatId } of chats) {
        await waitFor(() => core.state.chats[chatId], 'chat on the desk');
        ok(await core.call('chat.claim', { chatId }));
      }
      ok(await core.call('chat.setPatron', { chatId: chats[0]!.chatId, givenName: 'Priya Natarajan', email: '', phone: '' }));
      ok(await core.call('chat.send', { chatId: chats[1]!.chatId, text: 'Try [CINAHL](https://library.example.edu/cinahl) for peer-reviewed nursing articles.' }));
      for (const { chatId } of chats) ok(await core.call('chat.end', { chatId }));
      encounter = core.state.chats[chats[1]!.chatId]!.encounterId;
      nursingChat = chats[1]!.chatId;
      await waitFor(async () => ok(await core.call('transcripts.status', {})).count === 3, 'three transcripts indexed');
      expect(existsSync(transcriptIndexPath(dataDir, adaId))).toBe(true);
      expect(transcriptIndexPath(dataDir, adaId)).toBe(join(dataDir, 'librarians', adaId, 'transcripts.db'));

      const search = async (query: Record<string, unknown>) => ok(await core.call('transcripts.search', query)).hits.map((h) => h.chatId);
      expect(await search({ words: 'nursing' })).toEqual([chats[1]!.chatId]);
      expect(await search({ words: 'peer review' })).toEqual([chats[1]!.chatId]); // stems and prefixes
      expect(await search({ patron: 'priya' })).toEqual([chats[0]!.chatId]); // the name given in the chat
      expect(await search({ words: 'APA' })).toEqual([chats[0]!.chatId]); // the name-box question
      expect((await search({ campus: 'tunxis' })).sort()).toEqual([chats[0]!.chatId, chats[2]!.chatId].sort());
      expect(await search({ words: 'print', campus: 'gateway' })).toEqual([]);
      expect(await search({ encounterId: encounter.slice(0, 14) })).toContain(chats[1]!.chatId);
      expect(await search({ encounterId: encounter })).toEqual([chats[1]!.chatId]);
      expect(await search({ from: Date.now() + 86_400_000 })).toEqual([]);
      expect((await search({ from: Date.now() - 86_400_000 })).length).toBe(3);
      const hit = ok(await core.call('transcripts.search', { words: 'cinahl' })).hits[0];
      expect(hit?.snippet.some((run) => run.hit && /cinahl/i.test(run.text))).toBe(true);
      // Any text is a query, never FTS5 syntax.
      for (const hostile of ['"', 'NEAR(', 'a OR', '*', 'patron:x', '(((', '\u0000', 'x'.repeat(5_000)]) expect(await search({ words: hostile })).toBeInstanceOf(Array);
      // The whole transcript, from this computer.
      const whole = ok(await core.call('transcripts.get', { chatId: chats[1]!.chatId })).chat;
      expect(whole.messages.map((m) => m.text)).toContain('Try [CINAHL](https://library.example.edu/cinahl) for peer-reviewed nursing articles.');
    } finally {
      // Stopped without signing out: the session stays saved for the next start.
      await core.stop();
    }

    // Another librarian has their own index; nothing of Ada's is in it (but the backend's transcripts are).
    const bo = newCore(tempDir('desk-bo'));
    try {
      await bo.core.signIn(server.url, 'bo', PASSWORD);
      await waitFor(async () => ok(await bo.core.call('transcripts.status', {})).count >= 3, 'Bo synced');
    } finally {
      await bo.core.stop();
    }

    // Ada's desk starts again with the backend gone: her saved session opens her index, which still answers.
    await server.close();
    const again = newCore(dataDir, tokens);
    try {
      expect(await again.core.resume(server.url)).toBe(true);
      expect(again.core.sessionView().status).not.toBe('online');
      const hits = ok(await again.core.call('transcripts.search', { words: 'nursing journals' })).hits;
      expect(hits.map((h) => h.chatId)).toEqual([nursingChat]);
      expect(ok(await again.core.call('transcripts.get', { chatId: nursingChat })).chat.encounterId).toBe(encounter);
    } finally {
      await again.core.stop();
    }
  });
});
