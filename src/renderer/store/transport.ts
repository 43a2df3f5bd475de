import type { StateCreator } from 'zustand';
import type { CallArgs, CallName, CallOutcome, CallResult, DeskbellHost } from '../../shared/api';
import type { AppState } from './index';

/** The host (Electron's preload or the browser bridge) and the one way to call it. */
export interface TransportSlice {
  host: DeskbellHost | null;
  setHost(host: DeskbellHost): void;
  /** Call the host; a failure becomes a visible notice and resolves to null. */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K> | null>;
  /** The same, keeping the outcome for callers that act on the error code. */
  callOutcome<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
}

export const transportSlice: StateCreator<AppState, [], [], TransportSlice> = (set, get) => ({
  host: null,
  setHost: (host) => set({ host }),
  call: async (name, args) => {
    const outcome = await get().callOutcome(name, args);
    return outcome.ok ? outcome.value : null;
  },
  callOutcome: async (name, args) => {
    const host = get().host;
    if (!host) return { ok: false, error: { code: 'offline', message: 'Deskbell is still starting' } };
    const outcome = await host.call(name, args);
    if (!outcome.ok) get().notify('error', outcome.error.message);
    return outcome;
  },
});
