/**
 * The IPC channel names, shared by main (src/main/electron/ipc.ts) and the preload (src/preload/host.ts).
 * No imports here: the preload bundles this file into its single sandboxed script.
 */
export const IPC_CHANNELS = {
  /** Renderer -> main: ipcRenderer.invoke(call, name, args) -> CallOutcome. */
  call: 'deskbell:call',
  /** Main -> renderer: one Push per message. */
  push: 'deskbell:push',
} as const;
