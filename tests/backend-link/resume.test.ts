import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import { Push } from '../../src/shared/api';
import { MainCore } from '../../src/main/core/main-core';
import { PatronClient } from '../../src/dev/patron-client';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { startTestBackend } from '../support/backend';
import { FaultyProxy } from '../support/tcp-proxy';
import { waitFor } from '../support/wait';

const HEARTBEAT_MS = 250;

async function setup() {
  const backend = await startTestBackend({ ticketOfferAfterMs: 3_600_000 });
  const campus = backend.server.campuses[0]!.id;
  backend.server.addOperator({ username: 'ada', name: 'Ada Librarian', campus, password: 'correct horse battery staple' });
  const proxy = new FaultyProxy(backend.server.port);
  const proxyUrl = await proxy.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-core-'));
  const core = new MainCore({
    settings: new SettingsStore(dataDir),
    tokenStore: new MemoryTokenStore(),
    timing: DEFAULT_TIMING,
    embedded: null,
    dataDir,
    linkTuning: { heartbeatMs: HEARTBEAT_MS, backoffBaseMs: 50, backoffCapMs: 400 },
  });
  await core.signIn(proxyUrl, 'ada', 'correct horse battery staple');
  await waitFor(() => core.sessionView().status === 'online', 'core online');
  const patron = new PatronClient(backend.server.url);
  const chatId = await patron.start(campus, 'Maya', 'Where are the study rooms?');
  await waitFor(() => core.state.chats[chatId], 'chat on the desk');
  const claimed = await core.call('chat.claim', { chatId });
  expect(claimed.ok).toBe(true);
  return {
    backend,
    proxy,
    core,
    patron,
    chatId,
    async close() {
      patron.close();
      await core.stop();
      await proxy.close();
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let env: Awaited<ReturnType<typeof setup>> | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

async function outageRoundTrip(fault: 'cut' | 'freeze') {
  const { proxy, core, patron, chatId } = env!;
  const snapshotsAfterFault: unknown[] = [];
  const invalidPushes: unknown[] = [];
  const off = core.onPush((p) => {
    if (p.type === 'desk' && p.action.type === 'snapshot') snapshotsAfterFault.push(p);
    // Everything the core pushes must pass the renderer's own validation.
    if (!Push.safeParse(p).success) invalidPushes.push(p);
  });
  await core.call('desk.subscribe', {});
  if (fault === 'cut') proxy.cut();
  else proxy.freeze();

  const operatorSends: Promise<unknown>[] = [];
  for (let i = 1; i <= 50; i++) {
    patron.say(`patron ${i}`);
    operatorSends.push(core.call('chat.send', { chatId, text: `operator ${i}` }));
  }
  if (fault === 'freeze') {
    // The socket looks open; only the heartbeat can tell it is dead.
    await waitFor(() => core.sessionView().status !== 'online', 'half-open link detected', 4 * HEARTBEAT_MS + 2_000, 5);
  } else {
    await waitFor(() => core.sessionView().status !== 'online', 'link down');
  }
  proxy.restore();
  const outcomes = (await Promise.all(operatorSends)) as { ok: boolean }[];
  expect(outcomes.every((o) => o.ok)).toBe(true);

  const expected = 1 + 100; // the question, then 50 from each side
  const messages = await waitFor(() => {
    const list = core.state.chats[chatId]?.messages ?? [];
    return list.length >= expected ? list : null;
  }, 'all 100 messages on the operator desk').catch((error: unknown) => {
    throw new Error(`${String(error)}; desk has ${core.state.chats[chatId]?.messages.map((m) => m.seq).join(',')}, link ${core.sessionView().status}`);
  });
  const patronSeen = await waitFor(() => {
    const texts = patron.frames.flatMap((f) => (f.type === 'message' && f.message.from === 'operator' ? [f.message.text] : []));
    return texts.length >= 50 ? texts : null;
  }, 'all 50 operator messages at the patron');

  // Operator side: everything, once, in transcript order, each side's messages in the order sent.
  expect(messages).toHaveLength(expected);
  expect(new Set(messages.map((m) => m.id)).size).toBe(expected);
  expect(messages.map((m) => m.seq)).toEqual([...messages.map((m) => m.seq)].sort((a, b) => a - b));
  const texts = (from: string) => messages.filter((m) => m.from === from).map((m) => m.text);
  expect(texts('patron')).toEqual(['Where are the study rooms?', ...Array.from({ length: 50 }, (_, i) => `patron ${i + 1}`)]);
  expect(texts('operator')).toEqual(Array.from({ length: 50 }, (_, i) => `operator ${i + 1}`));
  // Patron side: all 50 operator messages, once, in order.
  expect(patronSeen).toEqual(Array.from({ length: 50 }, (_, i) => `operator ${i + 1}`));
  // The link resumed its event stream: the missed events were replayed, no snapshot was needed.
  off();
  expect(invalidPushes).toEqual([]);
  expect(snapshotsAfterFault).toHaveLength(1); // only the one desk.subscribe asked for

  // The patron's own 50 were each acknowledged, once.
  const acks = patron.frames.flatMap((f) => (f.type === 'ack' ? [f.seq] : []));
  expect(new Set(acks).size).toBe(50);
}

describe('operator link resume', () => {
  it('loses and duplicates nothing when the socket is destroyed', async () => {
    env = await setup();
    await outageRoundTrip('cut');
  });

  it('detects a silent half-open link by heartbeat and loses and duplicates nothing', async () => {
    env = await setup();
    await outageRoundTrip('freeze');
    // The frozen connection was dropped by the client, and a fresh one carries the link now.
    expect(env.proxy.closed).toBeGreaterThanOrEqual(1);
    expect(env.proxy.accepted).toBeGreaterThanOrEqual(2);
    expect(env.proxy.open).toBe(1);
  });

  it('converges with a fresh snapshot of the same backend', async () => {
    env = await setup();
    await outageRoundTrip('cut');
    const freshDir = mkdtempSync(join(tmpdir(), 'deskbell-core-'));
    const fresh = new MainCore({ settings: new SettingsStore(freshDir), tokenStore: new MemoryTokenStore(), timing: DEFAULT_TIMING, embedded: null, dataDir: freshDir });
    await fresh.signIn(env.backend.server.url, 'ada', 'correct horse battery staple');
    await waitFor(() => fresh.state.chats[env!.chatId], 'fresh snapshot');
    // The snapshot has the chat's summary; the lines of a chat she holds are loaded at once (others' when opened).
    expect((await fresh.call('chat.history', { chatId: env.chatId })).ok).toBe(true);
    await waitFor(() => (fresh.state.chats[env!.chatId]?.messages.length ?? 0) >= 101, 'the transcript loaded');
    expect(fresh.state.chats[env.chatId]).toEqual(env.core.state.chats[env.chatId]);
    await fresh.stop();
  });
});
