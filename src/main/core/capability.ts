/**
 * What a core capability brings (its call handlers) and what it may use (the CoreContext).
 * Each capability folder exports a factory; ./capabilities.ts composes them.
 */
import type { AlertTiming } from '../../shared/alerts/policy';
import type { ApiError, CallName, CallResult, ParsedCallArgs, Push } from '../../shared/api';
import type { DeskAction } from '../../shared/desk/reduce';
import type { DeskState } from '../../shared/desk/state';
import type { MachinePolicy } from './machine-settings/machine-policy';
import type { LogFn } from './ports';
import type { SettingsStore } from './settings/settings-store';

/**
 * One renderer call's handler: validated arguments in, the call's result type out. Returning
 * the wrong shape fails `tsc` (tests/types/call-handlers.ts proves it), as zulip's typed IPC does.
 * Refusals are thrown as CommandError (./link/outbox.ts) with a typed code.
 */
export type CallHandler<K extends CallName> = (args: ParsedCallArgs<K>) => Promise<CallResult<K>>;
export type CallHandlers<K extends CallName> = { [P in K]: CallHandler<P> };

/**
 * A call the core itself refuses (not the backend): a value IT has locked or bounded
 * ('locked'), or something that must wait while the librarian holds a chat ('busy').
 * The renderer gets it as a typed error; nothing changed.
 */
export class CallRefused extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'CallRefused';
  }
}

/**
 * A capability that reacts to each desk change. The reducer has run; the renderer is told after
 * every follower. Followers run in the one order declared in ./capabilities.ts, never in the
 * order they happened to be built (docs/architecture.md, "One event, from the backend to the speaker").
 */
export interface DeskFollower {
  /** `before`: the desk as it was, for a follower that must know what the action added. */
  followDesk(action: DeskAction, before: DeskState): void;
}

/** Every push but `sound`: a sound leaves the core only through the alerts capability's speaker. */
export type CorePush = Exclude<Push, { type: 'sound' }>;

/** What happens in the core that capabilities may follow (the desk's changes: DeskFollower). */
export interface CoreEvents {
  /** Signed in or out, the link's state or the clock offset changed. */
  session: () => void;
  /** A renderer (re)attached: each capability pushes what it shows, before the desk snapshot. */
  subscribed: () => void;
  /** The core is stopping: close what the capability holds open (files, timers). */
  stopping: () => void;
  /**
   * The signed-in librarian changed (signed out: null). Fired after the desk was emptied and
   * before anyone else signs in: each capability forgets what it kept of the previous one.
   */
  librarian: (operatorId: string | null, previous: string | null) => void;
}

/** Each event's arguments: listeners are typed through this map, so firing one needs no cast (microsoft/TypeScript#47109). */
export type CoreEventArgs = { [E in keyof CoreEvents]: Parameters<CoreEvents[E]> };

/** What every core capability may use. */
export interface CoreContext {
  readonly timing: AlertTiming;
  readonly settings: SettingsStore;
  /** IT's machine-wide settings: what is locked, the alert limits, the backend and update server. */
  readonly machine: MachinePolicy;
  readonly log: LogFn;
  readonly dataDir: string;
  desk(): DeskState;
  /** Run the shared reducer on main's desk, then tell every follower and the renderer. */
  apply(action: DeskAction): void;
  /** A push for the renderer; sounds go through the alerts capability (CorePush). */
  emit(push: CorePush): void;
  on<E extends keyof CoreEvents>(event: E, listener: (...args: CoreEventArgs[E]) => void): void;
  fire<E extends keyof CoreEvents>(event: E, ...args: CoreEventArgs[E]): void;
}
