import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/main/core/deadline';
import { isErrorNamed } from '../../src/shared/narrow';

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('a request deadline that ends with the request', () => {
  it('leaves no timer behind once the request is done, answered or failed', async () => {
    const before = timers();
    await expect(withDeadline(60_000, async () => 'page')).resolves.toBe('page');
    await expect(withDeadline(60_000, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    // AbortSignal.timeout would hold two 60 s timers (and their signals) here.
    expect(timers()).toBe(before);
  });

  it('aborts a request that outlives it, with a TimeoutError as AbortSignal.timeout does', async () => {
    let aborted: AbortSignal | null = null;
    const slow = withDeadline(20, (signal) => {
      aborted = signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    const error: unknown = await slow.catch((e: unknown) => e);
    expect(isErrorNamed(error, 'TimeoutError')).toBe(true);
    expect((aborted as AbortSignal | null)?.aborted).toBe(true);
  });
});
