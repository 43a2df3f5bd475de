import type { StateCreator, StoreApi } from 'zustand';

/** Runs `apply`; every update it makes reaches the store's subscribers once, when it returns. */
export type Batch = (apply: () => void) => void;

type SetState<T> = StoreApi<T>['setState'];

/**
 * A store whose updates can be gathered. Inside `batch`, `set` changes a pending state (and `get`
 * reads it); the subscribers, React's among them, hear of it once, at the end.
 *
 * Why: each update a subscriber sees changed is queued for React's next render. A frame's pushes
 * applied one `set` at a time queued events x components updates. After the window had been busy
 * (a long task, a collection, a laptop waking), one frame's hundreds of pushes queued tens of
 * thousands at once, and React keeps the array that held them at its largest for good (298 KiB
 * after a shift's bench, most of the renderer's heap growth). Gathered, a frame queues at most one
 * update per component.
 */
export function batchable<T extends object>(create: (set: SetState<T>, get: () => T, api: StoreApi<T>, batch: Batch) => T): StateCreator<T> {
  return (set, get, api) => {
    let pending: T | null = null;
    const apply = (partial: T | Partial<T> | ((state: T) => T | Partial<T>), replace?: boolean): void => {
      const base = pending ?? get();
      const next = typeof partial === 'function' ? partial(base) : partial;
      if (Object.is(next, base)) return;
      // Nothing here replaces the state outright; only a batch's end does, through zustand's own setter.
      if (replace === true) throw new Error('a batchable store is replaced only by its batches');
      const whole: T = { ...base, ...next };
      if (pending !== null) pending = whole;
      else set(whole, true);
    };
    const batch: Batch = (run) => {
      if (pending !== null) return run();
      const before = get();
      pending = before;
      try {
        run();
      } finally {
        const after: T = pending;
        pending = null;
        if (!Object.is(after, before)) set(after, true);
      }
    };
    return create(apply, () => pending ?? get(), api, batch);
  };
}
