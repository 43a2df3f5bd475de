import { handoffSound } from '../../../shared/alerts/handoffs';
import { alertChangeRefusal, muteRefusal, withinAlertLimits } from '../../../shared/alerts/limits';
import type { SoundRequest } from '../../../shared/alerts/calls';
import { type AlertListener, type AlertSettings, MAX_MUTE_MS, MESSAGE_CHIME } from '../../../shared/alerts/policy';
import { trayView, type TrayView } from '../../../shared/alerts/tray';
import { waitingChats } from '../../../shared/chats/selectors';
import type { DeskAction } from '../../../shared/desk/reduce';
import type { Operator } from '../../../shared/session/schemas';
import { type CallHandlers, CallRefused, type CoreContext, type DeskFollower } from '../capability';
import type { Presence } from '../presence/presence';
import type { Session } from '../session/session';
import type { WaitingWatch } from '../waiting-watch/waiting-watch';
import { AlertScheduler } from './alert-scheduler';
import { Speaker } from './speaker';

export interface AlertsPorts {
  /** The only way a `sound` push leaves the core: MainCore hands it to this capability alone. */
  play(request: SoundRequest): void;
  /** The signed-in librarian's presence: away hears only urgent chats; back at the desk, a held ping sounds at once. */
  presence: Pick<Presence, 'current' | 'onChange'>;
  /** While nobody is signed in: the waiting chats IT asked the desk to keep ringing for. */
  watch?: Pick<WaitingWatch, 'waiting' | 'onChange'>;
  /** Quiet gap between alert sounds (default: 1 s, or half a beep interval if shorter); latency benchmarks set 0. */
  gapMs?: number;
}

/**
 * Alerts in main, the one owner of every sound: the scheduler decides what a waiting chat sounds
 * like when (Node timers are not throttled in a hidden window), the hand-offs and the message
 * chime are decided here too, and all of them play through one Speaker that holds IT's limits
 * (the volume floor, the longest mute). The tray view follows the desk and the clock, and the
 * settings (volume, mute) are validated and kept here, within those limits.
 */
export class Alerts implements DeskFollower {
  private readonly scheduler: AlertScheduler;
  private readonly speaker: Speaker;
  private readonly trayListeners = new Set<(view: TrayView) => void>();
  private lastTray: TrayView;
  /** Whose chats ring as "yours" while nobody is signed in: the desk's home campus, if IT set one. */
  private readonly desk: Operator | null;
  /** Patron lines in the librarian's chats not yet seen (the workspace counts them), for the tray. */
  private unread = 0;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    ports: AlertsPorts,
  ) {
    const homeCampus = ctx.machine.value('homeCampus');
    this.desk = homeCampus ? { id: 'desk', name: 'This desk', campus: homeCampus } : null;
    // Settings saved before IT set its limits are brought within them, once, at start.
    const stored = ctx.settings.get().alerts;
    const within = withinAlertLimits(stored, ctx.machine.limits(), session.now());
    if (within !== stored) ctx.settings.update((s) => ({ ...s, alerts: within }));
    this.speaker = new Speaker({ play: ports.play, settings: () => ctx.settings.get().alerts, limits: () => ctx.machine.limits(), now: () => session.now() });
    const { watch, presence } = ports;
    /** The signed-in librarian as the policy hears them (with their presence), else the desk itself. */
    const listener = (): AlertListener | null => {
      const me = session.me();
      return me ? { ...me, presence: presence.current() } : this.desk;
    };
    this.scheduler = new AlertScheduler({
      // Signed in: the desk's waiting chats. Nobody signed in: only what IT asked the desk to watch.
      waiting: () => (session.me() ? waitingChats(ctx.desk()) : (watch?.waiting() ?? [])),
      me: listener,
      settings: () => this.speaker.heard(),
      timing: ctx.timing,
      now: () => session.now(),
      play: (sound) => this.speaker.play(sound),
      ticked: () => this.refreshTray(),
      minGapMs: ports.gapMs ?? Math.min(1_000, ctx.timing.beepIntervalMs / 2),
    });
    this.lastTray = this.computeTray();
    presence.onChange(() => this.tick());
    watch?.onChange(() => this.tick());
    ctx.on('session', () => this.scheduler.tick());
    ctx.on('subscribed', () => ctx.emit({ type: 'alerts', settings: ctx.settings.get().alerts }));
    // A mute never carries over to the next librarian: they must hear the desk.
    ctx.on('librarian', (_id, previous) => {
      if (previous !== null && ctx.settings.get().alerts.mutedUntil !== null) this.update((a) => ({ ...a, mutedUntil: null }));
    });
  }

  /** Decide on every desk change, before the event fans out: the ping is what must not wait. */
  followDesk(action: DeskAction): void {
    this.scheduler.tick();
    // A note for this librarian, or a chat offered to them: a sound of its own (shared policy).
    const handoff = handoffSound(action, this.session.me(), this.speaker.heard(), this.session.now());
    if (handoff) this.speaker.play(handoff);
  }

  /** A patron's line the librarian has not seen (the workspace says which): the message chime, at its own volume (0: off). */
  patronLineUnseen(chatId: string): void {
    const volume = this.speaker.heard().messageVolume;
    if (volume > 0) this.speaker.play({ sound: MESSAGE_CHIME, volume, chatIds: [chatId] });
  }

  /** The workspace's count of unseen patron lines changed: the tray shows it. */
  unreadChanged(total: number): void {
    this.unread = total;
    this.refreshTray();
  }

  /** Re-decide at once (after a resume or a clock jump, overdue beeps sound now). */
  tick(): void {
    this.scheduler.tick();
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
    return trayView(this.ctx.desk(), this.session.now(), this.session.me(), this.speaker.heard(), this.ctx.timing, this.unread);
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
