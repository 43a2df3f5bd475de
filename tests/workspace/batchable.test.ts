/**
 * The renderer's store gathers a frame's pushes into one update for its subscribers (React's
 * among them): each update a subscriber saw changed was queued for React's next render, and a
 * busy frame of hundreds of pushes queued thousands (see src/renderer/store/batchable.ts).
 */
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { batchable, type Batch } from '../../src/renderer/store/batchable';

interface Counter {
  n: number;
  log: string[];
  add(k: number): void;
  note(text: string): void;
  batch: Batch;
}

function counter() {
  const store = createStore<Counter>()(
    batchable((set, get, _api, batch) => ({
      n: 0,
      log: [],
      add: (k) => set((s) => ({ n: s.n + k })),
      // Reads the state as the batch has it so far.
      note: (text) => set({ log: [...get().log, `${text} at ${get().n}`] }),
      batch,
    })),
  );
  const heard: { n: number; previous: number }[] = [];
  store.subscribe((state, previous) => heard.push({ n: state.n, previous: previous.n }));
  return { store, heard };
}

describe('a batchable store', () => {
  it('tells its subscribers once for a whole batch, with the state every update in it made, in order', () => {
    const { store, heard } = counter();
    const s = store.getState();
    s.batch(() => {
      s.add(1);
      s.note('first');
      s.add(2);
      s.note('second');
      expect(store.getState().n, 'outside the batch nothing has changed yet').toBe(0);
    });
    expect(heard).toEqual([{ n: 3, previous: 0 }]);
    expect(store.getState().log).toEqual(['first at 1', 'second at 3']);
  });

  it('outside a batch, each update is told at once, as before', () => {
    const { store, heard } = counter();
    store.getState().add(1);
    store.getState().add(1);
    expect(heard).toEqual([{ n: 1, previous: 0 }, { n: 2, previous: 1 }]);
  });

  it('a batch that changes nothing tells nobody; a batch inside a batch joins it', () => {
    const { store, heard } = counter();
    const s = store.getState();
    s.batch(() => undefined);
    expect(heard).toEqual([]);
    s.batch(() => {
      s.add(1);
      s.batch(() => s.add(1));
      s.add(1);
    });
    expect(heard).toEqual([{ n: 3, previous: 0 }]);
  });

  it('an update that throws part way keeps what came before it, told once, and the error reaches the caller', () => {
    const { store, heard } = counter();
    const s = store.getState();
    expect(() =>
      s.batch(() => {
        s.add(5);
        throw new Error('a bad push');
      }),
    ).toThrow('a bad push');
    expect(heard).toEqual([{ n: 5, previous: 0 }]);
    // The store is not left batching.
    s.add(1);
    expect(heard.at(-1)).toEqual({ n: 6, previous: 5 });
  });
});
