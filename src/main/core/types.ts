import type { TrayView } from '../../shared/alerts';
import type { CallName, CallOutcome, Push } from '../../shared/api';
import type { Presence } from '../../shared/protocol';

/**
 * What a shell (Electron or browser) sees of the main core. The shells add windows, tray,
 * IPC or a websocket bridge around it; all behaviour lives behind this interface.
 */
export interface CoreHandle {
  /** Validate and run one renderer call; bad names or arguments come back as typed errors. */
  call(name: CallName | string, args: unknown): Promise<CallOutcome<CallName>>;
  /** Pushes for the renderer (desk events, sounds, session changes), in order. */
  onPush(listener: (push: Push) => void): () => void;
  /** Tray/badge view; the listener fires on every change. */
  tray(): TrayView;
  onTray(listener: (view: TrayView) => void): () => void;
  /** Power and idle events from the shell. */
  setPresence(presence: Presence, reason: 'operator' | 'system'): void;
  /** Reconnect at once (after resume, or a jump in wall-clock time). */
  reconnectNow(): void;
  stop(): Promise<void>;
}
