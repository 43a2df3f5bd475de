/**
 * The operator link under faults that used to hurt: a path silent in one direction only, a
 * frame lost mid-stream, and a path that accepts connections but never answers. Each test
 * drives a real MainCore against a real backend through a faulty loopback proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TIMING } from '../../src/shared/alerts';
import type { SessionView } from '../../src/shared/api';
import { MainCore } from '../../src/main/core/main-core';
import { PatronClient } from '../../src/dev/patron-client';
import { SettingsStore } from '../../src/main/core/settings/settings-store';
import { MemoryTokenStore } from '../../src/main/browser/file-token-store';
import { startTestBackend } from '../support/backend';
import { FaultyProxy } from '../support/tcp-proxy';
import { sleep, waitFor } from '../support/wait';

const HEARTBEAT_MS = 200;

async function setup(commandDeadlineMs?: number) {
  const backend = await startTestBackend({ ticketOfferAfterMs: 3_600_000 });
  const campus = backend.server.campuses[0]!.id;
  backend.server.addOperator({ username: 'ada', name: 'Ada Librarian', campus, password: 'correct horse battery staple' });
  const proxy = new FaultyProxy(backend.server.port);
  const proxyUrl = await proxy.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbell-faults-'));
  const logs: string[] = [];
  const core = new MainCore({
    settings: new SettingsStore(dataDir),
    tokenStore: new MemoryTokenStore(),
    timing: DEFAULT_TIMING,
    embedded: null,
    dataDir,
    linkTuning: { heartbeatMs: HEARTBEAT_MS, backoffBaseMs: 20, backoffCapMs: 100, commandDeadlineMs },
    log: (_level, message) => logs.push(message),
  });
  const sessions: SessionView[] = [];
  core.onPush((p) => {
    if (p.type === 'session') sessions.push(p.session);
  });
  await core.signIn(proxyUrl, 'ada', 'correct horse battery staple');
  await waitFor(() => core.sessionView().status === 'online', 'core online');
  const patron = new PatronClient(backend.server.url);
  const chatId = await patron.start(campus, 'Maya', 'Where are the study rooms?');
  await waitFor(() => core.state.chats[chatId], 'chat on the desk');
  expect((await core.call('chat.claim', { chatId })).ok).toBe(true);
  return {
    backend,
    proxy,
    core,
    patron,
    chatId,
    logs,
    sessions,
    operatorLines: () =>
      (core.state.chats[chatId]?.messages ?? [])
        .filter((m) => m.from === 'operator')
        .sort((a, b) => a.seq - b.seq)
        .map((m) => m.text),
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

describe('a link that is silent one way', () => {
  it('client to server silent while events still arrive: our unanswered pings end the link, and the command is resent', async () => {
    // The command's own deadline is pushed out of the way, so only the pings can end the link
    // (it is as short as two heartbeats by default, and on a busy machine it may fire first).
    env = await setup(20 * HEARTBEAT_MS);
    const { proxy, core, patron, chatId, logs } = env;
    proxy.silence('up');
    const send = core.call('chat.send', { chatId, text: 'still looking for that article' });
    // Server-to-client traffic keeps flowing all along: the old watchdog took it as proof of life.
    const chatter = setInterval(() => patron.say('are you there?'), HEARTBEAT_MS / 2);
    try {
      await waitFor(() => core.sessionView().status !== 'online', 'the link to notice the one-way silence', 20 * HEARTBEAT_MS, 5);
    } finally {
      clearInterval(chatter);
    }
    expect(logs.some((l) => l.startsWith('backend did not answer our pings'))).toBe(true);
    proxy.restore();
    expect(await send).toMatchObject({ ok: true });
    await waitFor(() => env!.operatorLines().includes('still looking for that article'), 'the message stored');
    expect(env.operatorLines().filter((t) => t === 'still looking for that article')).toHaveLength(1);
    await waitFor(() => core.sessionView().status === 'online' && core.sessionView().pending === 0, 'online with nothing unsent');
  });

  it('server to client silent: pings and the command in flight go unanswered, the link is rebuilt', async () => {
    env = await setup();
    const { proxy, core, chatId } = env;
    proxy.silence('down');
    const send = core.call('chat.send', { chatId, text: 'one moment please' });
    await waitFor(() => core.sessionView().status !== 'online', 'the link to notice', 20 * HEARTBEAT_MS, 5);
    proxy.restore();
    expect(await send).toMatchObject({ ok: true });
    await waitFor(() => env!.operatorLines().includes('one moment please'), 'the message stored');
    // Sent before the silence was noticed, resent after it: stored once (the backend deduplicates by client id).
    expect(env.operatorLines()).toEqual(['one moment please']);
  });
});

describe('operator messages keep their order', () => {
  it('a frame lost mid-stream is resent before anything newer: stored in the order typed, each once', async () => {
    env = await setup();
    const { proxy, core, chatId } = env;
    // Lose the 6th client-to-server chunk from now on: with pipelined commands, message 6 was
    // stored after 7..30 (the reorder seen outside the suite); one in flight at a time prevents it.
    proxy.dropUp(5);
    const typed = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const outcomes = await Promise.all(typed.map((text) => core.call('chat.send', { chatId, text })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(proxy.dropped).toBe(1);
    await waitFor(() => env!.operatorLines().length >= 30, 'all 30 stored');
    expect(env.operatorLines()).toEqual(typed);
    // The patron was shown them in the same order.
    const atPatron = env.patron.frames.flatMap((f) => (f.type === 'message' && f.message.from === 'operator' ? [f.message.text] : []));
    expect(atPatron).toEqual(typed);
  });
});

describe('recovering from a silent path', () => {
  it('each connection attempt is bounded by a heartbeat, so the link is back on the first attempt after the path returns', async () => {
    env = await setup();
    const { proxy, core } = env;
    proxy.freeze(); // the open socket goes quiet...
    proxy.blackhole(); // ...and new connections are accepted but never answered
    await waitFor(() => core.sessionView().status !== 'online', 'the link to notice', 20 * HEARTBEAT_MS, 5);
    const attemptsBefore = proxy.attempts;
    // With a 10 s handshake timeout this window held one attempt; bounded by the heartbeat it holds several.
    await sleep(12 * HEARTBEAT_MS);
    const during = proxy.attempts - attemptsBefore;
    expect(during).toBeGreaterThanOrEqual(3);
    const beforeRestore = proxy.attempts;
    proxy.restore();
    await waitFor(() => core.sessionView().status === 'online', 'back online', 20 * HEARTBEAT_MS, 5);
    // At most the attempt already in flight into the black hole, then one that works.
    expect(proxy.attempts - beforeRestore).toBeLessThanOrEqual(2);
  });
});

describe('the unsent count', () => {
  it('is pushed when a command is acknowledged, so the renderer never shows a stale "1 unsent"', async () => {
    env = await setup();
    const { core, chatId, sessions } = env;
    sessions.length = 0;
    expect((await core.call('chat.send', { chatId, text: 'hello' })).ok).toBe(true);
    expect(sessions.some((s) => s.pending === 1)).toBe(true);
    await waitFor(() => sessions.at(-1)?.pending === 0, 'a session push with nothing unsent');
    expect(core.sessionView().pending).toBe(0);
  });
});
