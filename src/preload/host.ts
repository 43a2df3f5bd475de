/**
 * The renderer's host object in Electron: the typed DeskbellHost of src/shared/api.ts,
 * backed by IPC. Built from injected contextBridge/ipcRenderer so tests can run it
 * without Electron; src/preload/index.ts wires the real ones.
 */
import { type CallArgs, type CallName, type CallOutcome, callFailure, type DeskbellHost, type Push, isCallName } from '../shared/api';
import { IPC_CHANNELS } from '../shared/ipc-channels';

/** The key under which the renderer finds the host: window.deskbell. */
export const HOST_KEY = 'deskbell';

type PushListener = (event: unknown, push: Push) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: PushListener): unknown;
  removeListener(channel: string, listener: PushListener): unknown;
}
export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export function createElectronHost(ipc: IpcRendererLike): DeskbellHost {
  const host: DeskbellHost = {
    kind: 'electron',
    call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>> {
      // Refuse here too, so a typo never even crosses the process boundary.
      if (!isCallName(name)) return Promise.resolve(callFailure('bad_call', `unknown call: ${String(name).slice(0, 64)}`));
      return ipc.invoke(IPC_CHANNELS.call, name, args).then(
        // Main answers every call with a CallOutcome (see src/main/electron/ipc.ts).
        (outcome) => outcome as CallOutcome<K>,
        (error: unknown) => callFailure('internal', `IPC failed: ${String(error)}`),
      );
    },
    onPush(listener) {
      // The IPC event (which carries ipcRenderer) never reaches the page: only the push does.
      const relay: PushListener = (_event, push) => listener(push);
      ipc.on(IPC_CHANNELS.push, relay);
      return () => {
        ipc.removeListener(IPC_CHANNELS.push, relay);
      };
    },
  };
  return Object.freeze(host);
}

/** Exposes exactly {kind, call, onPush} to the page; never ipcRenderer itself. */
export function exposeElectronHost(bridge: ContextBridgeLike, ipc: IpcRendererLike): DeskbellHost {
  const host = createElectronHost(ipc);
  bridge.exposeInMainWorld(HOST_KEY, host);
  return host;
}
