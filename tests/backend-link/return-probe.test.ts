/**
 * The probe that brings a desk back as soon as its backend answers again: how often it asks
 * (bounded, jittered, one at a time) and when it triggers (only on down -> up), on a fake clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { healthUrl, ReturnProbe } from '../../src/main/core/backend-link/return-probe';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A backend's health check whose answer the test sets; each probe is recorded with its time. */
function fakeHealth(answerMs = 5) {
  let up = false;
  const calls: number[] = [];
  let open = 0;
  let mostOpen = 0;
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(Date.now());
    open += 1;
    mostOpen = Math.max(mostOpen, open);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, answerMs);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      });
    } finally {
      open -= 1;
    }
    if (!up) throw new TypeError('fetch failed: ECONNREFUSED');
    return new Response('{"ok":true}', { status: 200 });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    calls,
    mostOpen: () => mostOpen,
    setUp: (value: boolean) => {
      up = value;
    },
  };
}

function probe(health: ReturnType<typeof fakeHealth>, random: () => number, timeoutMs = 1_000) {
  const onBack = vi.fn();
  const p = new ReturnProbe({ url: 'http://127.0.0.1:1/healthz', intervalMs: 1_200, timeoutMs, random, onBack, fetch: health.fetch });
  return { p, onBack };
}

describe('ReturnProbe', () => {
  it('asks at most once per 600-1200 ms, one probe at a time, however long the backend stays down', async () => {
    const health = fakeHealth();
    const { p, onBack } = probe(health, () => 0); // the shortest waits: the highest rate a desk can reach
    const start = Date.now();
    p.start();
    await vi.advanceTimersByTimeAsync(60 * 60_000); // an hour down
    expect(onBack).not.toHaveBeenCalled();
    // At 600 ms between the end of one probe and the next, never more than 6,000 in the hour.
    expect(health.calls.length).toBeLessThanOrEqual(6_000);
    expect(health.calls.length).toBeGreaterThan(5_000);
    expect(health.mostOpen()).toBe(1);
    const gaps = health.calls.map((at, i) => at - (health.calls[i - 1] ?? start));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(600);
    p.stop();
  });

  it('spreads desks over the interval: each wait is the random share of it', async () => {
    const health = fakeHealth(10);
    const waits = [0.0, 0.5, 1.0];
    let i = 0;
    const { p } = probe(health, () => waits[i++ % waits.length]!);
    const start = Date.now();
    p.start();
    await vi.advanceTimersByTimeAsync(3_000);
    p.stop();
    // 600, then (after its 10 ms answer) 900 more, then 1,200 more.
    expect(health.calls.map((at) => at - start)).toEqual([600, 1_510, 2_720]);
  });

  it('a probe that hangs counts as down once it times out; the next waits its turn', async () => {
    const health = fakeHealth(60_000);
    const { p } = probe(health, () => 1, 1_000);
    const start = Date.now();
    p.start();
    await vi.advanceTimersByTimeAsync(5_000);
    p.stop();
    expect(health.calls.map((at) => at - start)).toEqual([1_200, 3_400]);
    expect(health.mostOpen()).toBe(1);
  });

  it('triggers once when the backend answers after it was seen down, then stops asking', async () => {
    const health = fakeHealth();
    const { p, onBack } = probe(health, () => 1);
    p.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onBack).not.toHaveBeenCalled();
    const backAt = Date.now();
    health.setUp(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onBack).toHaveBeenCalledTimes(1);
    // Seen within one interval (plus the probe's own answer) of coming back.
    const trigger = health.calls.find((at) => at >= backAt)!;
    expect(trigger - backAt).toBeLessThanOrEqual(1_200);
    expect(health.calls.filter((at) => at > trigger)).toEqual([]);
    expect(p.running).toBe(false);
  });

  it('keeps what it saw across a pause (the link trying on its own), and triggers once per "down" seen', async () => {
    const health = fakeHealth();
    const { p, onBack } = probe(health, () => 1);
    p.start();
    await vi.advanceTimersByTimeAsync(3_000); // seen down
    p.pause(); // the link's own backoff attempt, which fails: the backend is still down
    health.setUp(true); // ...and is back before the next probe
    await vi.advanceTimersByTimeAsync(5_000);
    expect(health.calls.length).toBe(2);
    p.start();
    await vi.advanceTimersByTimeAsync(1_300);
    expect(onBack).toHaveBeenCalledTimes(1);
    // The link's attempt fails anyway (its socket, not the backend): probing again never re-triggers.
    p.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(onBack).toHaveBeenCalledTimes(1);
    p.stop();
  });

  it('never triggers for a backend that answered all along (a failing socket is left to the backoff)', async () => {
    const health = fakeHealth();
    health.setUp(true);
    const { p, onBack } = probe(health, () => 0.5);
    p.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onBack).not.toHaveBeenCalled();
    p.stop();
  });

  it('forgets a round once stopped: an answer still in flight neither triggers nor probes again', async () => {
    const health = fakeHealth(500);
    const { p, onBack } = probe(health, () => 1);
    p.start();
    await vi.advanceTimersByTimeAsync(1_200 + 500 + 1_200 + 100); // one probe down, the next in flight
    health.setUp(true);
    p.stop();
    const asked = health.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(onBack).not.toHaveBeenCalled();
    expect(health.calls.length).toBe(asked);
    expect(p.running).toBe(false);
  });

  it('the health check sits beside the sockets, under any base path', () => {
    expect(healthUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/healthz');
    expect(healthUrl('https://desk.example.edu/deskbell/')).toBe('https://desk.example.edu/deskbell/healthz');
  });
});
