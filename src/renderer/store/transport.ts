import type { StateCreator } from 'zustand';
import { type CallArgs, type CallName, callFailure, type CallOutcome, type CallResult, type DeskbellHost } from '../../shared/api';
import type { AppState } from './index';

/** The host (Electron's preload or the browser bridge) and the one way to call it. */
export interface TransportSlice {
  host: DeskbellHost | null;
  setHost(host: DeskbellHost): void;
  /** Call the host; a failure becomes a visible notice and resolves to null. */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K> | null>;
  /** The same, keeping the outcome for callers that act on the error code. */
  callOutcome<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
  /** The outcome and no notice: for a form that shows its own error where the librarian is looking. */
  callQuietly<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
}

export const transportSlice: StateCreator<AppState, [], [], TransportSlice> = (set, get) => ({
  host: null,
  setHost: (host) => set({ host }),
  call: async (name, args) => {
    const outcome = await get().callOutcome(name, args);
    return outcome.ok ? outcome.value : null;
  },
  callOutcome: async (name, args) => {
    const outcome = await get().callQuietly(name, args);
    if (!outcome.ok) get().notify('error', outcome.error.message);
    return outcome;
  },
  callQuietly: async (name, args) => {
    const host = get().host;
    if (!host) return callFailure('offline', 'Deskbell is still starting');
    return host.call(name, args);
  },
});
