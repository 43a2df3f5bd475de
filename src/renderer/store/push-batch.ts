import type { Push } from '../../shared/api';

/** Runs `flush` once, at the next frame, or after `fallbackMs` if no frame comes first. */
export type Schedule = (flush: () => void) => void;

/** The next frame, with a timer behind it: a window that stops painting still gets its state. */
const nextFrame: Schedule = (flush) => {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    flush();
  };
  requestAnimationFrame(once);
  setTimeout(once, 100);
};

/**
 * Pushes from main, applied together once a frame, in the order they came: `apply` gets the
 * frame's pushes at once (the store tells its subscribers once for them all). Each push used to be
 * its own render and layout: fifty chats arriving at once drew the board fifty times, and most of
 * a second went to style and layout. A hidden window applies each at once (it draws nothing, and
 * its frames stop), so nothing waits while the desk is in the tray.
 */
export function batchPushes(
  apply: (pushes: readonly Push[]) => void,
  schedule: Schedule = nextFrame,
  hidden: () => boolean = () => document.visibilityState === 'hidden',
): (push: Push) => void {
  let queue: Push[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    apply(batch);
  };
  return (push) => {
    if (hidden() && !scheduled) return apply([push]);
    queue.push(push);
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };
}
