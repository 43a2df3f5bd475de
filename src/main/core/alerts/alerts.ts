import { performance } from 'node:perf_hooks';
import { handoffSound } from '../../../shared/alerts/handoffs';
import { alertChangeRefusal, muteRefusal, withinAlertLimits } from '../../../shared/alerts/limits';
import { type AlertListener, type AlertSettings, MAX_MUTE_MS } from '../../../shared/alerts/policy';
import { trayView, type TrayView } from '../../../shared/alerts/tray';
import { waitingChats } from '../../../shared/chats/selectors';
import type { Presence } from '../../../shared/presence/schemas';
import type { Operator } from '../../../shared/session/schemas';
import { type CallHandlers, CallRefused, type CoreContext } from '../capability';
import type { Session } from '../session/session';
import type { WaitingWatch } from '../waiting-watch/waiting-watch';
import { AlertScheduler } from './alert-scheduler';

export interface AlertsOptions {
  /** Quiet gap between alert sounds (default: 1 s, or half a beep interval if shorter); latency benchmarks set 0. */
  gapMs?: number;
  /** While nobody is signed in: the waiting chats IT asked the desk to keep ringing for. */
  watch?: WaitingWatch;
  /** Patron messages in the librarian's chats not yet seen (the workspace counts them), for the tray. */
  unread?: () => number;
  /** The signed-in librarian's presence (the presence capability decides it): away hears only urgent chats. */
  presence?: () => Presence;
}

/**
 * Alerts in main: the scheduler decides what sounds when (Node timers are not throttled in a
 * hidden window), the tray view follows the desk and the clock, and the settings (volume,
 * mute) are validated and kept here, within IT's limits (the one place they are enforced:
 * the volume floor and the longest mute).
 */
export class Alerts {
  private readonly scheduler: AlertScheduler;
  private readonly trayListeners = new Set<(view: TrayView) => void>();
  private lastTray: TrayView;
  /** Whose chats ring as "yours" while nobody is signed in: the desk's home campus, if IT set one. */
  private readonly desk: Operator | null;
  private readonly unread: () => number;
  private handoffSounds = 0;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    options: AlertsOptions = {},
  ) {
    this.unread = options.unread ?? (() => 0);
    const homeCampus = ctx.machine.value('homeCampus');
    this.desk = homeCampus ? { id: 'desk', name: 'This desk', campus: homeCampus } : null;
    // Settings saved before IT set its limits are brought within them, once, at start.
    const stored = ctx.settings.get().alerts;
    const within = withinAlertLimits(stored, ctx.machine.limits(), session.now());
    if (within !== stored) ctx.settings.update((s) => ({ ...s, alerts: within }));
    const watch = options.watch;
    const presence = options.presence ?? (() => 'online' as const);
    /** The signed-in librarian as the policy hears them (with their presence), else the desk itself. */
    const listener = (): AlertListener | null => {
      const me = session.me();
      return me ? { ...me, presence: presence() } : this.desk;
    };
    this.scheduler = new AlertScheduler({
      // Signed in: the desk's waiting chats. Nobody signed in: only what IT asked the desk to watch.
      waiting: () => (session.me() ? waitingChats(ctx.desk()) : (watch?.waiting() ?? [])),
      me: listener,
      settings: () => ctx.settings.get().alerts,
      minVolume: () => ctx.machine.limits().minVolume,
      timing: ctx.timing,
      now: () => session.now(),
      stamp: () => performance.timeOrigin + performance.now(),
      play: (request) => ctx.emit(request),
      ticked: () => this.refreshTray(),
      minGapMs: options.gapMs ?? Math.min(1_000, ctx.timing.beepIntervalMs / 2),
    });
    this.lastTray = this.computeTray();
    // Decide the alert on every desk change, before the event fans out: the ping is what must not wait.
    ctx.on('desk', (action) => {
      this.scheduler.tick();
      // A note for this librarian, or a chat offered to them: a sound of its own (shared policy).
      const handoff = handoffSound(action, session.me(), ctx.settings.get().alerts, session.now());
      if (handoff) {
        const volume = Math.min(1, Math.max(ctx.machine.limits().minVolume, handoff.volume));
        ctx.emit({ type: 'sound', id: `h${++this.handoffSounds}`, sound: handoff.sound, volume, chatIds: handoff.chatIds, decidedAt: performance.timeOrigin + performance.now() });
      }
    });
    ctx.on('session', () => this.scheduler.tick());
    ctx.on('subscribed', () => ctx.emit({ type: 'alerts', settings: ctx.settings.get().alerts }));
    // A mute never carries over to the next librarian: they must hear the desk.
    ctx.on('librarian', (_id, previous) => {
      if (previous !== null && ctx.settings.get().alerts.mutedUntil !== null) this.update((a) => ({ ...a, mutedUntil: null }));
    });
  }

  /** Re-decide at once (after a resume or a clock jump, overdue beeps sound now). */
  tick(): void {
    this.scheduler.tick();
  }

  /** Something the tray shows besides waiting chats changed (unread messages). */
  refreshTrayNow(): void {
    this.refreshTray();
  }

  tray(): TrayView {
    return this.lastTray;
  }

  onTray(listener: (view: TrayView) => void): () => void {
    this.trayListeners.add(listener);
    return () => this.trayListeners.delete(listener);
  }

  stop(): void {
    this.scheduler.stop();
  }

  readonly calls: CallHandlers<'alerts.get' | 'alerts.set' | 'alerts.mute'> = {
    'alerts.get': async () => this.ctx.settings.get().alerts,
    'alerts.set': async (change) => {
      const refusal = alertChangeRefusal(change, this.ctx.machine.limits());
      if (refusal) throw new CallRefused('locked', refusal);
      return this.update((a) => ({ ...a, ...change }));
    },
    'alerts.mute': async ({ minutes }) => {
      const refusal = muteRefusal(minutes, this.ctx.machine.limits());
      if (refusal) throw new CallRefused('locked', refusal);
      return this.update((a) => ({ ...a, mutedUntil: minutes === 0 ? null : this.session.now() + Math.min(minutes * 60_000, MAX_MUTE_MS) }));
    },
  };

  private update(change: (alerts: AlertSettings) => AlertSettings): AlertSettings {
    const next = this.ctx.settings.update((s) => ({ ...s, alerts: change(s.alerts) })).alerts;
    this.ctx.emit({ type: 'alerts', settings: next });
    this.scheduler.tick();
    return next;
  }

  private computeTray(): TrayView {
    return trayView(this.ctx.desk(), this.session.now(), this.session.me(), this.ctx.settings.get().alerts, this.ctx.timing, this.unread());
  }

  private refreshTray(): void {
    const view = this.computeTray();
    const prev = this.lastTray;
    if (
      prev.state === view.state &&
      prev.count === view.count &&
      prev.tooltip === view.tooltip &&
      prev.muted === view.muted &&
      prev.offers === view.offers &&
      prev.unread === view.unread
    )
      return;
    this.lastTray = view;
    for (const listener of this.trayListeners) listener(view);
  }
}
