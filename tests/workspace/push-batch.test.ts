/**
 * Pushes from main are applied once a frame, in the order they came (fifty chats at once were
 * fifty renders and layouts, 855 ms after the last reached the desk, 112-129 ms batched); a
 * hidden window applies each at once, so nothing waits while the desk is in the tray.
 */
import { describe, expect, it } from 'vitest';
import type { Push } from '../../src/shared/api';
import { batchPushes } from '../../src/renderer/store/push-batch';

const typing = (chatId: string): Push => ({ type: 'typing', chatId, typing: true }) as Push;
const unread = (n: number): Push => ({ type: 'unread', counts: { a: n } }) as Push;

function harness(hidden = false) {
  const applied: Push[] = [];
  const calls: number[] = [];
  const frames: (() => void)[] = [];
  let isHidden = hidden;
  const receive = batchPushes(
    (pushes) => calls.push(applied.push(...pushes)),
    (flush) => frames.push(flush),
    () => isHidden,
  );
  return { applied, calls, frames, receive, hide: (h: boolean) => (isHidden = h) };
}

describe('batchPushes', () => {
  it('applies every push of a frame together, in order, with one scheduled flush', () => {
    const h = harness();
    const pushes = [typing('a'), unread(1), typing('b'), unread(2)];
    for (const p of pushes) h.receive(p);
    expect(h.applied).toEqual([]);
    expect(h.frames).toHaveLength(1);
    h.frames[0]?.();
    expect(h.applied).toEqual(pushes);
    expect(h.calls, 'the frame\'s pushes go to the store together').toHaveLength(1);
    h.receive(unread(3));
    expect(h.frames).toHaveLength(2);
    h.frames[1]?.();
    expect(h.applied.at(-1)).toEqual(unread(3));
  });

  it('a hidden window applies each push at once, after whatever is already queued', () => {
    const h = harness();
    h.receive(unread(1));
    h.hide(true);
    // Something is queued: the new push joins the queue, so the order holds.
    h.receive(unread(2));
    expect(h.applied).toEqual([]);
    h.frames[0]?.();
    expect(h.applied).toEqual([unread(1), unread(2)]);
    h.receive(unread(3));
    expect(h.applied).toEqual([unread(1), unread(2), unread(3)]);
    expect(h.frames).toHaveLength(1);
  });
});
