/**
 * The renderer <-> main IPC: one invoke channel for calls, one send channel for pushes.
 *
 * A call is answered only when it comes from our window's top-level frame showing our
 * renderer, and only for names on the allow-list in src/shared/api.ts. The arguments are
 * validated by the core against the call's schema; nothing here trusts them.
 */
import { type CallName, callFailure, type CallOutcome, type Push, isCallName } from '../../shared/api';
import type { LogFn } from '../core/ports';
import { IPC_CHANNELS } from '../../shared/ipc-channels';
import type { IpcInvokeEventLike, IpcMainLike, WindowLike } from './ports';

export type CallHandler = (name: CallName, args: unknown) => Promise<CallOutcome<CallName>>;

export interface IpcBridgeDeps {
  ipcMain: IpcMainLike;
  window: WindowLike;
  isOurRendererUrl: (url: string) => boolean;
  /** Where allowed calls go: the core, possibly with shell-side calls in front of it. */
  call: CallHandler;
  log: LogFn;
}

export interface IpcBridge {
  /** Sends a push to the main window only; dropped while the window is gone. */
  sendPush(push: Push): void;
  dispose(): void;
}

/** Our window, its top-level frame, showing our renderer: nothing else may call. */
export function isTrustedSender(event: IpcInvokeEventLike, window: WindowLike, isOurRendererUrl: (url: string) => boolean): boolean {
  if (window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isOurRendererUrl(frame.url);
}

export function registerIpc(deps: IpcBridgeDeps): IpcBridge {
  const { ipcMain, window, log } = deps;

  ipcMain.handle(IPC_CHANNELS.call, async (event, name: unknown, args: unknown): Promise<CallOutcome<CallName>> => {
    if (!isTrustedSender(event, window, deps.isOurRendererUrl)) {
      log('warn', 'refused an IPC call from a foreign sender', { url: event.senderFrame?.url.slice(0, 200) ?? null });
      return callFailure('bad_call', 'call refused: unknown sender');
    }
    if (!isCallName(name)) return callFailure('bad_call', `unknown call: ${typeof name === 'string' ? name.slice(0, 64) : typeof name}`);
    try {
      return await deps.call(name, args);
    } catch (error) {
      // The core answers errors as outcomes; a throw is a bug, and the renderer still gets an answer.
      log('error', 'call failed unexpectedly', { name, error: String(error) });
      return callFailure('internal', 'internal error');
    }
  });

  return {
    sendPush(push) {
      if (window.isDestroyed() || window.webContents.isDestroyed()) return;
      try {
        window.webContents.send(IPC_CHANNELS.push, push);
      } catch (error) {
        // The renderer is reloading; it resubscribes and gets a fresh snapshot.
        log('debug', 'push dropped', { type: push.type, error: String(error) });
      }
    },
    dispose() {
      ipcMain.removeHandler(IPC_CHANNELS.call);
    },
  };
}
