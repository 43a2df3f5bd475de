import type { TrayView } from '../../shared/alerts/tray';
import type { CallName, CallOutcome, Push } from '../../shared/api';
import type { Presence } from '../../shared/presence/schemas';

/**
 * What a shell (Electron or browser) sees of the main core. The shells add windows, tray,
 * IPC or a websocket bridge around it; all behaviour lives behind this interface.
 */
export interface CoreHandle {
  /**
   * Validate and run one renderer call; bad arguments come back as typed errors. The result
   * is typed by the call's name, so callers never cast. Untrusted names are checked with
   * `isCallName` (src/shared/api.ts) before they get here.
   */
  call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>>;
  /** Pushes for the renderer (desk events, sounds, session changes), in order. */
  onPush(listener: (push: Push) => void): () => void;
  /** Tray/badge view; the listener fires on every change. */
  tray(): TrayView;
  onTray(listener: (view: TrayView) => void): () => void;
  /** Power and idle events from the shell. */
  setPresence(presence: Presence, reason: 'operator' | 'system'): void;
  /** Minutes of system idle before the shell sets presence to away (0: never); read on each idle check. */
  idleAwayMinutes(): number;
  /** Reconnect at once (after resume, or a jump in wall-clock time). */
  reconnectNow(): void;
  stop(): Promise<void>;
}
