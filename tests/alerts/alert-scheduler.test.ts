import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { directoryParts } from '../support/fixtures';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING, NO_ALERT_LIMITS } from '../../src/shared/alerts';
import type { SoundRequest } from '../../src/shared/api';
import { waitingChats } from '../../src/shared/chats/selectors';
import { type DeskState, emptyDesk, reduceDesk } from '../../src/shared/desk';
import type { Presence } from '../../src/shared/presence/schemas';
import { AlertScheduler } from '../../src/main/core/alerts/alert-scheduler';
import { Speaker } from '../../src/main/core/alerts/speaker';
import { campus, chat, operator } from '../support/fixtures';

const T0 = Date.UTC(2026, 10, 28, 15, 0, 0);

function setup(settings = DEFAULT_ALERT_SETTINGS, minVolume = 0, presence: () => Presence = () => 'online') {
  let desk: DeskState = reduceDesk(emptyDesk, {
    type: 'snapshot',
    snapshot: { campuses: [campus('gateway'), campus('norwalk')], chats: [], operators: [], serverTime: T0, ...directoryParts },
  });
  const played: { at: number; req: SoundRequest }[] = [];
  // As in the alerts capability: every sound goes out through the speaker, which holds IT's floor.
  const speaker = new Speaker({
    play: (req) => played.push({ at: Date.now() - T0, req }),
    settings: () => settings,
    limits: () => ({ ...NO_ALERT_LIMITS, minVolume }),
    now: () => Date.now(),
  });
  const scheduler = new AlertScheduler({
    waiting: () => waitingChats(desk),
    me: () => ({ ...operator('me', 'gateway'), presence: presence() }),
    settings: () => speaker.heard(),
    timing: DEFAULT_TIMING,
    now: () => Date.now(),
    play: (sound) => speaker.play(sound),
  });
  const apply = (action: Parameters<typeof reduceDesk>[1]) => {
    desk = reduceDesk(desk, action);
    scheduler.tick();
  };
  return { scheduler, played, apply };
}

describe('alert scheduler (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('sounds at exactly 0, 7 and 14 s, then urgent from 20 s at the repeat interval', () => {
    const { played, apply } = setup();
    apply({ type: 'chat.created', chat: chat('c1', 'gateway', T0) });
    vi.advanceTimersByTime(45_000);
    expect(played.map((p) => [p.at, p.req.sound])).toEqual([
      [0, 'ping-1'],
      [7_000, 'ping-2'],
      [14_000, 'ping-3'],
      [20_000, 'urgent'],
      [30_000, 'urgent'],
      [40_000, 'urgent'],
    ]);
  });

  it('makes one sound per tick with several chats due, at the most urgent level', () => {
    const { played, apply } = setup();
    apply({ type: 'chat.created', chat: chat('a', 'gateway', T0) });
    vi.advanceTimersByTime(6_000);
    // b arrives 6 s in: its ping-1 is due at 6 s, a's ping-2 at 7 s.
    apply({ type: 'chat.created', chat: chat('b', 'norwalk', T0 + 6_000) });
    // c arrives so that its first ping coincides with a's ping-3 at 14 s.
    vi.advanceTimersByTime(8_000);
    apply({ type: 'chat.created', chat: chat('c', 'gateway', T0 + 14_000) });
    const at14 = played.filter((p) => p.at === 14_000);
    expect(at14).toHaveLength(1);
    expect(at14[0]?.req.sound).toBe('ping-3');
    // c's ping-1 fell due inside the quiet gap after a's (more urgent) ping-3: that sound covers it.
    vi.advanceTimersByTime(1_000);
    expect(played.filter((p) => p.at > 14_000 && p.at < 20_000)).toEqual([]);
    vi.advanceTimersByTime(5_000); // 20 s: a turns urgent and b reaches ping-3 in the same tick
    expect(played.filter((p) => p.at === 20_000)[0]?.req.chatIds.sort()).toEqual(['a', 'b']);
    const at20 = played.filter((p) => p.at === 20_000);
    expect(at20).toHaveLength(1);
    expect(at20[0]?.req.sound).toBe('urgent');
    vi.advanceTimersByTime(1_000); // 21 s: c's ping-2, the first sound after the gap
    expect(played.filter((p) => p.at === 21_000).map((p) => [p.req.sound, p.req.chatIds])).toEqual([['ping-2', ['c']]]);
    const times = played.map((p) => p.at);
    expect(new Set(times).size).toBe(times.length); // never two sounds in one tick
  });

  it('keeps a chat whose beep was covered on its own schedule, even when the covering chat is claimed', () => {
    const { played, apply } = setup();
    apply({ type: 'chat.created', chat: chat('a', 'norwalk', T0) }); // other campus: quiet ping-1
    vi.advanceTimersByTime(500);
    apply({ type: 'chat.created', chat: chat('b', 'gateway', T0 + 500) }); // covered by a's ping
    apply({ type: 'chat.claimed', chatId: 'a', by: operator('o2', 'norwalk'), at: T0 + 600 });
    vi.advanceTimersByTime(30_000);
    const forB = played.filter((p) => p.req.chatIds.includes('b')).map((p) => [p.at, p.req.sound]);
    expect(forB).toEqual([
      [7_500, 'ping-2'],
      [14_500, 'ping-3'],
      [20_500, 'urgent'],
      [30_500, 'urgent'],
    ]);
  });

  it("never plays quieter than IT's floor, however low the desk's own volumes are", () => {
    const { played, apply } = setup({ ...DEFAULT_ALERT_SETTINGS, volume: 0.8, otherCampusVolume: 0 }, 0.5);
    apply({ type: 'chat.created', chat: chat('c1', 'norwalk', T0) });
    vi.advanceTimersByTime(21_000);
    expect(played.map((p) => p.req.volume)).toEqual([0.5, 0.5, 0.5, 0.8]);
  });

  it('wakes at the end of a mute even with nobody waiting', () => {
    let ticks = 0;
    const scheduler = new AlertScheduler({
      waiting: () => [],
      me: () => operator('me', 'gateway'),
      settings: () => ({ ...DEFAULT_ALERT_SETTINGS, mutedUntil: T0 + 60_000 }),
      timing: DEFAULT_TIMING,
      now: () => Date.now(),
      play: () => undefined,
      ticked: () => void ticks++,
    });
    scheduler.tick();
    expect(ticks).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(ticks).toBe(2); // the tray learns that the mute is over
  });

  it('is not silenced by a clock that went back after a sound', () => {
    const { played, apply } = setup();
    apply({ type: 'chat.created', chat: chat('a', 'gateway', T0 - 20_000) }); // urgent now
    expect(played.map((p) => p.req.sound)).toEqual(['urgent']);
    apply({ type: 'chat.claimed', chatId: 'a', by: operator('o2', 'gateway'), at: T0 });
    vi.setSystemTime(T0 - 300_000); // the backend clock stepped back five minutes
    apply({ type: 'chat.created', chat: chat('b', 'gateway', T0 - 300_000) });
    expect(played.map((p) => p.req.sound)).toEqual(['urgent', 'ping-1']);
  });

  it('holds a more urgent beep that falls inside the quiet gap until the gap ends', () => {
    const { played, apply } = setup();
    apply({ type: 'chat.created', chat: chat('old', 'gateway', T0 - 19_500) }); // urgent at T0 + 500
    vi.advanceTimersByTime(0);
    expect(played.map((p) => [p.at, p.req.sound])).toEqual([[0, 'ping-3']]);
    vi.advanceTimersByTime(1_000);
    expect(played.map((p) => [p.at, p.req.sound])).toEqual([
      [0, 'ping-3'],
      [1_000, 'urgent'],
    ]);
  });

  it('stops on the tick of a claim, and when the patron leaves', () => {
    const { played, apply } = setup();
    apply({ type: 'chat.created', chat: chat('c1', 'gateway', T0) });
    apply({ type: 'chat.created', chat: chat('c2', 'norwalk', T0) });
    vi.advanceTimersByTime(8_000);
    const before = played.length;
    apply({ type: 'chat.claimed', chatId: 'c1', by: operator('o9', 'norwalk'), at: T0 + 8_000 });
    apply({ type: 'chat.ended', chatId: 'c2', at: T0 + 8_000, reason: 'patron_left' });
    vi.advanceTimersByTime(120_000);
    expect(played).toHaveLength(before);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('catches up after a late tick (suspend) with one sound, not a pile', () => {
    const { played, apply, scheduler } = setup();
    apply({ type: 'chat.created', chat: chat('c1', 'gateway', T0) });
    vi.setSystemTime(T0 + 25_000); // the machine slept; no timers ran
    scheduler.tick(); // what the core does on resume or a wall-clock jump
    expect(played.map((p) => p.req.sound)).toEqual(['ping-1', 'urgent']);
  });

  it('stays silent while muted, and sounds again after the mute ends by itself', () => {
    const { played, apply } = setup({ ...DEFAULT_ALERT_SETTINGS, mutedUntil: T0 + 21_000 });
    apply({ type: 'chat.created', chat: chat('c1', 'gateway', T0) });
    vi.advanceTimersByTime(29_000);
    expect(played).toHaveLength(0);
    vi.advanceTimersByTime(1_000);
    expect(played.map((p) => [p.at, p.req.sound])).toEqual([[30_000, 'urgent']]);
  });

  it('rings a librarian set to Away only once a chat turns urgent; back at the desk, a held ping sounds at once', () => {
    let presence: Presence = 'away';
    const { played, apply, scheduler } = setup(DEFAULT_ALERT_SETTINGS, 0, () => presence);
    apply({ type: 'chat.created', chat: chat('a', 'gateway', T0) });
    vi.advanceTimersByTime(25_000);
    expect(played.map((p) => [p.at, p.req.sound])).toEqual([[20_000, 'urgent']]);
    // Another chat while away, then the librarian comes back (the core ticks on the change).
    apply({ type: 'chat.created', chat: chat('b', 'gateway', T0 + 25_000) });
    vi.advanceTimersByTime(8_000);
    expect(played.filter((p) => p.req.chatIds.includes('b'))).toEqual([]);
    presence = 'online';
    scheduler.tick();
    expect(played.filter((p) => p.req.chatIds.includes('b')).map((p) => [p.at, p.req.sound])).toEqual([[33_000, 'ping-2']]);
  });
});
