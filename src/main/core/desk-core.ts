import { performance } from 'node:perf_hooks';
import { type AlertSettings, type AlertTiming, DEFAULT_TIMING, MAX_MUTE_MS, trayView, type TrayView } from '../../shared/alerts';
import {
  type ApiError,
  apiCalls,
  type CallName,
  type CallOutcome,
  isCallName,
  type Push,
  type SessionView,
} from '../../shared/api';
import { type DeskAction, type DeskState, emptyDesk, reduceDesk } from '../../shared/desk';
import { type Command, LoginResponse, type Operator, type Presence } from '../../shared/protocol';
import { AlertScheduler } from './alert-scheduler';
import { BackendLink, type LinkOptions, type LinkState } from './backend-link';
import { isSafeExternalUrl } from './external-url';
import type { LogFn, SavedSession, ShellServices, TokenStore } from './options';
import { CommandError } from './outbox';
import type { SettingsStore } from './settings-store';
import type { CoreHandle } from './types';

export interface DeskCoreDeps {
  settings: SettingsStore;
  tokenStore: TokenStore;
  timing: AlertTiming;
  embedded: boolean;
  services?: ShellServices;
  log?: LogFn;
  /** Quiet gap between alert sounds (default 1 s); latency benchmarks set 0 to time each chat alone. */
  alertGapMs?: number;
  /** Signs in again without a person, when the backend drops the session (the embedded backend). */
  reauthenticate?: () => Promise<SavedSession>;
  /** Link tuning (heartbeat, backoff) for tests. */
  linkTuning?: Pick<LinkOptions, 'heartbeatMs' | 'backoffBaseMs' | 'backoffCapMs'>;
}

type Handler = (args: never) => Promise<unknown>;

const fail = (code: ApiError['code'], message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message } });

/**
 * The host-agnostic main core: session, backend link, desk state (the shared reducer),
 * alert scheduling and tray view. Shells call `call()` and listen to pushes.
 */
export class DeskCore implements CoreHandle {
  private desk: DeskState = emptyDesk;
  private session: SavedSession | null = null;
  private link: BackendLink | null = null;
  private linkState: LinkState | 'signed_out' = 'signed_out';
  private linkError: string | null = null;
  private clockOffsetMs = 0;
  private chosenPresence: Presence = 'online';
  private reauthAttempts = 0;
  private stopped = false;
  private systemAway = false;
  private readonly pushListeners = new Set<(push: Push) => void>();
  private readonly trayListeners = new Set<(view: TrayView) => void>();
  private lastTray: TrayView;
  private readonly scheduler: AlertScheduler;
  /** Sound play confirmations from the renderer, for latency figures (bounded). */
  readonly playedLog: { soundId: string; at: number }[] = [];

  constructor(private readonly deps: DeskCoreDeps) {
    this.scheduler = new AlertScheduler({
      desk: () => this.desk,
      me: () => (this.session ? { campus: this.session.operator.campus } : null),
      settings: () => this.deps.settings.get().alerts,
      timing: deps.timing,
      now: () => this.now(),
      stamp: () => performance.timeOrigin + performance.now(),
      play: (request) => this.emit(request),
      ticked: () => this.refreshTray(),
      minGapMs: deps.alertGapMs ?? Math.min(1_000, deps.timing.beepIntervalMs / 2),
    });
    this.lastTray = this.computeTray();
  }

  /** The backend's clock: the local clock plus the offset the link measures on every heartbeat. */
  now(): number {
    return this.link ? this.link.serverNow() : Date.now();
  }

  get state(): DeskState {
    return this.desk;
  }

  get operator(): Operator | null {
    return this.session?.operator ?? null;
  }

  /** Resume a saved session, if there is one for this backend. */
  async resume(backendUrl: string): Promise<boolean> {
    const saved = await this.deps.tokenStore.load();
    if (!saved || saved.backendUrl !== backendUrl) return false;
    this.connect(saved);
    return true;
  }

  /** Use a session obtained elsewhere (the embedded operator's), and keep it for next time. */
  async adopt(saved: SavedSession): Promise<void> {
    await this.deps.tokenStore.save(saved);
    this.connect(saved);
  }

  /** Sign in with a password against the backend's HTTP login. */
  async signIn(backendUrl: string, username: string, password: string): Promise<SessionView> {
    const base = backendUrl.replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetch(`${base}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new CommandError('offline', `cannot reach ${base}: ${(error as Error).message}`);
    }
    if (response.status === 401) throw new CommandError('unauthorized', 'user name or password is wrong');
    if (response.status === 429) throw new CommandError('rate_limited', 'too many sign-in attempts: wait a moment and try again');
    if (!response.ok) throw new CommandError('internal', `sign-in failed with HTTP ${response.status}`);
    const parsed = LoginResponse.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new CommandError('internal', 'the backend answered sign-in with an unexpected body');
    const saved: SavedSession = { backendUrl: base, token: parsed.data.token, operator: parsed.data.operator };
    await this.deps.tokenStore.save(saved);
    this.connect(saved);
    return this.sessionView();
  }

  async signOut(): Promise<void> {
    const session = this.session;
    this.disconnect();
    await this.deps.tokenStore.clear();
    if (session) {
      await fetch(`${session.backendUrl}/api/logout`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}` },
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
    }
  }

  private connect(saved: SavedSession): void {
    this.disconnect();
    this.session = saved;
    // Only the current link speaks: a stopped or replaced one is ignored, whatever it still says.
    const current = () => this.link === link;
    const link: BackendLink = new BackendLink(
      { ...this.deps.linkTuning, backendUrl: saved.backendUrl, token: saved.token, log: this.deps.log },
      {
        action: (action) => {
          if (current()) this.apply(action);
        },
        state: (state, detail) => {
          if (!current()) return;
          if (state === 'unauthorized') return void this.lostSession(detail.error ?? 'signed out by the backend');
          this.linkState = state;
          this.linkError = detail.error;
          this.clockOffsetMs = this.now() - Date.now();
          if (detail.operator && this.session) this.session = { ...this.session, operator: detail.operator };
          if (state === 'online') {
            this.reauthAttempts = 0;
            this.sendPresence();
          }
          this.emit({ type: 'session', session: this.sessionView() });
          this.scheduler.tick();
        },
        clock: () => {
          if (!current()) return;
          // The renderer's timers use this offset; tell it, and re-decide alerts, when it really moved.
          const offset = this.now() - Date.now();
          if (Math.abs(offset - this.clockOffsetMs) < 1_000) return;
          this.clockOffsetMs = offset;
          this.emit({ type: 'session', session: this.sessionView() });
          this.scheduler.tick();
        },
      },
    );
    this.link = link;
    this.linkState = 'connecting';
    link.start();
  }

  /**
   * The backend refused our session: forget it and the desk (a stale board must not keep
   * ringing), then sign in again where that is possible without a person (the embedded backend).
   */
  private async lostSession(reason: string): Promise<void> {
    this.disconnect();
    this.linkError = reason;
    await this.deps.tokenStore.clear();
    this.emit({ type: 'session', session: this.sessionView() });
    if (!this.deps.reauthenticate) return;
    // Backing off: a backend that keeps refusing must not be hammered with sign-ins.
    const delay = Math.min(30_000, 1_000 * 2 ** this.reauthAttempts++);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.session || this.stopped) return; // signed in another way, or shutting down, meanwhile
    try {
      await this.adopt(await this.deps.reauthenticate());
    } catch (error) {
      this.deps.log?.('error', 'could not sign in again', { error: String(error) });
    }
  }

  private disconnect(): void {
    // Forget the session before stopping the link, so nothing can still ring for it meanwhile.
    const link = this.link;
    this.link = null;
    this.session = null;
    link?.stop();
    this.linkState = 'signed_out';
    this.linkError = null;
    this.apply({ type: 'snapshot', snapshot: { campuses: [], chats: [], operators: [], serverTime: Date.now() } });
    this.emit({ type: 'session', session: this.sessionView() });
  }

  private apply(action: DeskAction): void {
    const next = reduceDesk(this.desk, action);
    if (next === this.desk && action.type !== 'snapshot') return;
    this.desk = next;
    // Decide the alert before fanning the event out: the ping is what must not wait.
    this.scheduler.tick();
    this.emit({ type: 'desk', action });
  }

  sessionView(): SessionView {
    return {
      status: this.linkState === 'unauthorized' || this.linkState === 'stopped' ? 'signed_out' : this.linkState,
      operator: this.session?.operator ?? null,
      backendUrl: this.session?.backendUrl ?? null,
      embedded: this.deps.embedded,
      presence: this.presence(),
      clockOffsetMs: this.clockOffsetMs,
      error: this.linkError,
      pending: this.link?.pending ?? 0,
      timing: this.deps.timing,
    };
  }

  private presence(): Presence {
    return this.systemAway && this.chosenPresence === 'online' ? 'away' : this.chosenPresence;
  }

  setPresence(presence: Presence, reason: 'operator' | 'system'): void {
    const before = this.presence();
    if (reason === 'operator') this.chosenPresence = presence;
    else this.systemAway = presence !== 'online';
    if (this.presence() === before) return;
    this.sendPresence();
    this.emit({ type: 'session', session: this.sessionView() });
  }

  private sendPresence(): void {
    this.link?.send({ kind: 'presence', presence: this.presence() }).catch((error: unknown) => {
      this.deps.log?.('debug', 'presence not sent', { error: String(error) });
    });
  }

  /** Minutes of system idle before the shell sets presence to away (0: never). */
  idleAwayMinutes(): number {
    return this.deps.settings.get().idleAwayMinutes;
  }

  /** After a resume or a wall-clock jump: a fresh socket, and overdue alerts decided at once. */
  reconnectNow(): void {
    this.link?.reconnectNow();
    this.scheduler.tick();
  }

  private async command(cmd: Command): Promise<Record<string, never>> {
    if (!this.link) throw new CommandError('unauthorized', 'sign in first');
    await this.link.send(cmd);
    return {};
  }

  private updateAlerts(change: (alerts: AlertSettings) => AlertSettings): AlertSettings {
    const next = this.deps.settings.update((s) => ({ ...s, alerts: change(s.alerts) })).alerts;
    this.emit({ type: 'alerts', settings: next });
    this.scheduler.tick();
    return next;
  }

  private readonly handlers: { [K in CallName]: (args: ReturnType<(typeof apiCalls)[K]['args']['parse']>) => Promise<unknown> } = {
    'session.get': async () => this.sessionView(),
    'session.signIn': async ({ backendUrl, username, password }) => this.signIn(backendUrl, username, password),
    'session.signOut': async () => {
      await this.signOut();
      return this.sessionView();
    },
    'desk.subscribe': async () => {
      this.emit({ type: 'session', session: this.sessionView() });
      this.emit({ type: 'alerts', settings: this.deps.settings.get().alerts });
      this.emit({ type: 'desk', action: { type: 'snapshot', snapshot: this.snapshot() } });
      return {};
    },
    'chat.claim': async ({ chatId }) => this.command({ kind: 'claim', chatId }),
    'chat.send': async ({ chatId, text }) => this.command({ kind: 'send', chatId, text }),
    'chat.end': async ({ chatId }) => this.command({ kind: 'end', chatId }),
    'presence.set': async ({ presence }) => {
      this.setPresence(presence, 'operator');
      return {};
    },
    'alerts.get': async () => this.deps.settings.get().alerts,
    'alerts.set': async (change) => this.updateAlerts((a) => ({ ...a, ...change })),
    'alerts.mute': async ({ minutes }) =>
      this.updateAlerts((a) => ({ ...a, mutedUntil: minutes === 0 ? null : this.now() + Math.min(minutes * 60_000, MAX_MUTE_MS) })),
    'alerts.played': async (played) => {
      this.playedLog.push(played);
      if (this.playedLog.length > 1000) this.playedLog.splice(0, this.playedLog.length - 1000);
      return {};
    },
    'settings.get': async () => ({ idleAwayMinutes: this.idleAwayMinutes() }),
    'settings.set': async ({ idleAwayMinutes }) => ({
      idleAwayMinutes: this.deps.settings.update((s) => ({ ...s, idleAwayMinutes })).idleAwayMinutes,
    }),
    'diagnostics.get': async () => {
      // Only a benchmark runs with --expose-gc: then heap figures are after a full collection.
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      const chats = Object.values(this.desk.chats);
      return {
        pid: process.pid,
        uptimeS: Math.round(process.uptime()),
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        chatsInMemory: chats.length,
        messagesInMemory: chats.reduce((n, c) => n + c.messages.length, 0),
      };
    },
    'shell.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new CommandError('invalid_frame', 'only http(s) and mailto links without credentials open outside the app');
      if (!this.deps.services?.openExternal) throw new CommandError('internal', 'this shell cannot open links');
      await this.deps.services.openExternal(url);
      return {};
    },
  };

  async call(name: string, args: unknown): Promise<CallOutcome<CallName>> {
    if (!isCallName(name)) return fail('bad_call', `unknown call ${JSON.stringify(String(name)).slice(0, 60)}`);
    const parsed = apiCalls[name].args.safeParse(args ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail('bad_call', `${name}: ${issue?.path.join('.') || 'args'}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      const handler = this.handlers[name] as Handler;
      const value = await handler(parsed.data as never);
      return { ok: true, value: value as never };
    } catch (error) {
      if (error instanceof CommandError) return fail(error.code, error.message);
      if (error instanceof Error && error.name === 'ZodError') return fail('bad_call', error.message);
      this.deps.log?.('error', 'call failed', { name, error: String(error) });
      return fail('internal', 'something went wrong in Deskbell; see the log');
    }
  }

  snapshot() {
    return {
      campuses: [...this.desk.campuses],
      chats: Object.values(this.desk.chats),
      operators: Object.values(this.desk.operators),
      serverTime: this.now(),
    };
  }

  onPush(listener: (push: Push) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  private emit(push: Push): void {
    for (const listener of this.pushListeners) {
      try {
        listener(push);
      } catch (error) {
        this.deps.log?.('error', 'push listener failed', { error: String(error) });
      }
    }
  }

  private computeTray(): TrayView {
    const me = this.session?.operator;
    return trayView(this.desk, this.now(), { campus: me?.campus ?? '' }, this.deps.settings.get().alerts, this.deps.timing);
  }

  private refreshTray(): void {
    const view = this.computeTray();
    const prev = this.lastTray;
    if (prev.state === view.state && prev.count === view.count && prev.tooltip === view.tooltip && prev.muted === view.muted) return;
    this.lastTray = view;
    for (const listener of this.trayListeners) listener(view);
  }

  tray(): TrayView {
    return this.lastTray;
  }

  onTray(listener: (view: TrayView) => void): () => void {
    this.trayListeners.add(listener);
    return () => this.trayListeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.scheduler.stop();
    this.link?.stop();
    this.link = null;
  }
}

export { DEFAULT_TIMING };
