import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer } from '../../src/server/platform/deadlines';

describe('DeadlineTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires each key once at its deadline, in deadline order, with one timer armed at a time', () => {
    const fired: string[] = [];
    const timer = new DeadlineTimer<string>((key) => fired.push(key), (error) => {
      throw error;
    });
    timer.set('c', 1_000_300);
    timer.set('a', 1_000_100);
    timer.set('b', 1_000_200);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(timer.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a deleted key never fires; moving a deadline later re-arms for the new time', () => {
    const fired: string[] = [];
    const timer = new DeadlineTimer<string>((key) => fired.push(key), () => undefined);
    timer.set('gone', 1_000_050);
    timer.set('moved', 1_000_060);
    timer.delete('gone');
    timer.set('moved', 1_000_500);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(fired).toEqual(['moved']);
  });

  it('past deadlines fire promptly, a failing handler does not stop the others, and close clears everything', () => {
    const fired: string[] = [];
    const errors: string[] = [];
    const timer = new DeadlineTimer<string>(
      (key) => {
        if (key === 'bad') throw new Error('boom');
        fired.push(key);
      },
      (_error, key) => errors.push(key),
    );
    timer.set('bad', 999_000);
    timer.set('late', 999_500);
    timer.set('future', 2_000_000);
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(['late']);
    expect(errors).toEqual(['bad']);
    timer.close();
    expect(vi.getTimerCount()).toBe(0);
    timer.set('after-close', 1_000_001);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual(['late']);
  });
});
