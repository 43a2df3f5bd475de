/**
 * The renderer's host object in Electron: the typed DeskbellHost of src/shared/api.ts,
 * backed by IPC. Built from injected contextBridge/ipcRenderer so tests can run it
 * without Electron; src/preload/index.ts wires the real ones.
 */
import { type CallArgs, type CallName, type CallOutcome, callFailure, type DeskbellHost, isCallName } from '../shared/api';
import { checkCallOutcome, checkPush } from '../shared/host-checks';
import { IPC_CHANNELS } from '../shared/ipc-channels';

/** The key under which the renderer finds the host: window.deskbell. */
export const HOST_KEY = 'deskbell';

/** What arrives on the push channel is checked before the page sees it (src/shared/host-checks.ts). */
type PushListener = (event: unknown, push: unknown) => void;

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
        // Main answers every call with a CallOutcome (src/main/electron/ipc.ts); one that does not match is refused.
        (outcome) => {
          const checked = checkCallOutcome(name, outcome);
          if (!checked.ok && checked.error.code === 'bad_result') console.error('Deskbell:', checked.error.message);
          return checked;
        },
        (error: unknown) => callFailure('internal', `IPC failed: ${String(error)}`),
      );
    },
    onPush(listener) {
      // The IPC event (which carries ipcRenderer) never reaches the page: only the push does.
      const relay: PushListener = (_event, push) => {
        const checked = checkPush(push);
        // Never silently: a dropped desk update is a board that lies.
        if (checked.ok) listener(checked.push);
        else console.error('Deskbell:', checked.error.message);
      };
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
