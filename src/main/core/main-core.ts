import type { AlertTiming } from '../../shared/alerts/policy';
import type { TrayView } from '../../shared/alerts/tray';
import { apiCalls, type CallName, callFailure, type CallOutcome, isCallName, type ParsedCallArgs, type Push, type SessionView } from '../../shared/api';
import type { z } from 'zod';
import { type DeskAction, reduceDesk } from '../../shared/desk/reduce';
import { type DeskState, emptyDesk } from '../../shared/desk/state';
import type { Presence } from '../../shared/presence/schemas';
import { type CallHandler, CallRefused, type CoreContext, type CoreEventArgs } from './capability';
import { type CapabilityOptions, composeCapabilities, type CoreCapabilities } from './capabilities';
import type { CoreHandle } from './handle';
import { CommandError } from './backend-link/outbox';
import { MachinePolicy } from './machine-settings/machine-policy';
import type { LogFn } from './ports';
import type { SettingsStore } from './settings/settings-store';

/** The call schemas, read per call: `argSchemas[K].args` parses to exactly what `K`'s handler takes. */
const argSchemas: { readonly [K in CallName]: { readonly args: z.ZodType<ParsedCallArgs<K>> } } = apiCalls;

export interface MainCoreDeps extends CapabilityOptions {
  settings: SettingsStore;
  /** IT's machine-wide settings; none by default. */
  machine?: MachinePolicy;
  timing: AlertTiming;
  dataDir: string;
  log?: LogFn;
}

const quiet: LogFn = () => undefined;

/**
 * The host-agnostic main core: the desk (the shared reducer), the renderer's pushes, and the
 * call table. Everything else is a capability (./capabilities.ts); adding one never edits this.
 */
export class MainCore implements CoreHandle {
  private desk: DeskState = emptyDesk;
  private readonly pushListeners = new Set<(push: Push) => void>();
  private readonly followers: { [E in keyof CoreEventArgs]: ((...args: CoreEventArgs[E]) => void)[] } = { session: [], subscribed: [], stopping: [], librarian: [] };
  private readonly capabilities: CoreCapabilities;
  private readonly log: LogFn;
  private readonly settings: SettingsStore;
  private readonly stops: (() => void | Promise<void>)[] = [];

  constructor(deps: MainCoreDeps) {
    this.log = deps.log ?? quiet;
    this.settings = deps.settings;
    const ctx: CoreContext = {
      timing: deps.timing,
      settings: deps.settings,
      machine: deps.machine ?? MachinePolicy.none(),
      log: this.log,
      dataDir: deps.dataDir,
      desk: () => this.desk,
      apply: (action) => this.apply(action),
      emit: (push) => this.emit(push),
      on: (event, listener) => void this.followers[event].push(listener),
      fire: (event, ...args) => {
        for (const listener of this.followers[event]) listener(...args);
      },
    };
    this.capabilities = composeCapabilities(ctx, deps, { playSound: (request) => this.emit(request) });
  }

  /** The desk as main holds it. */
  get state(): DeskState {
    return this.desk;
  }

  /** The backend's clock. */
  now(): number {
    return this.capabilities.session.now();
  }

  sessionView(): SessionView {
    return this.capabilities.session.view();
  }

  /** Resume a saved session, if there is one for this backend. */
  resume(backendUrl: string): Promise<boolean> {
    return this.capabilities.session.resume(backendUrl);
  }

  /** Sign in the embedded backend's desk operator. */
  signInEmbedded(): Promise<void> {
    return this.capabilities.session.signInEmbedded();
  }

  signIn(backendUrl: string, username: string, password: string): Promise<SessionView> {
    return this.capabilities.session.signIn(backendUrl, username, password);
  }

  async call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>> {
    if (!isCallName(name)) return callFailure('bad_call', `unknown call ${JSON.stringify(String(name)).slice(0, 60)}`);
    const parsed = argSchemas[name].args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return callFailure('bad_call', `${name}: ${issue?.path.join('.') || 'args'}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      // The table is typed per call (CallHandlers) and the schemas per call (argSchemas): both
      // indexed by the one K, so the handler takes the parsed arguments and answers its result.
      const handler: CallHandler<K> = this.capabilities.calls[name];
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof CommandError || error instanceof CallRefused) return callFailure(error.code, error.message);
      if (error instanceof Error && error.name === 'ZodError') return callFailure('bad_call', error.message);
      this.log('error', 'call failed', { name, error: String(error) });
      return callFailure('internal', 'something went wrong in Deskbell; see the log');
    }
  }

  onPush(listener: (push: Push) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  tray(): TrayView {
    return this.capabilities.alerts.tray();
  }

  onTray(listener: (view: TrayView) => void): () => void {
    return this.capabilities.alerts.onTray(listener);
  }

  setPresence(presence: Presence, reason: 'operator' | 'system'): void {
    this.capabilities.presence.set(presence, reason);
  }

  idleAwayMinutes(): number {
    return this.settings.get().idleAwayMinutes;
  }

  /** After a resume or a wall-clock jump: a fresh socket, and overdue alerts decided at once. */
  reconnectNow(): void {
    this.capabilities.session.reconnectNow();
    this.capabilities.alerts.tick();
  }

  /** Things started alongside the core (the embedded backend, demo patrons) stop with it, newest first. */
  onStop(stop: () => void | Promise<void>): void {
    this.stops.unshift(stop);
  }

  async stop(): Promise<void> {
    for (const capability of this.capabilities.stoppables) capability.stop();
    this.capabilities.alerts.stop();
    this.capabilities.session.stop();
    for (const listener of this.followers.stopping) listener();
    for (const stop of this.stops.splice(0)) {
      try {
        await stop();
      } catch (error) {
        this.log('error', 'stopping failed', { error: String(error) });
      }
    }
  }

  private apply(action: DeskAction): void {
    const before = this.desk;
    const next = reduceDesk(before, action);
    if (next === before && action.type !== 'snapshot') return;
    this.desk = next;
    // Every follower, in the declared order, decides before the event fans out: the ping is what must not wait.
    for (const follower of this.capabilities.deskFollowers) follower.followDesk(action, before);
    this.emit({ type: 'desk', action });
  }

  private emit(push: Push): void {
    for (const listener of this.pushListeners) {
      try {
        listener(push);
      } catch (error) {
        this.log('error', 'push listener failed', { error: String(error) });
      }
    }
  }
}
