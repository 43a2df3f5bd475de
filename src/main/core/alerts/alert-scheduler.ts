import { type AlertListener, type AlertSettings, type AlertTiming, type Beep, decideAlert, isMuted, mostUrgent, soundRank } from '../../../shared/alerts/policy';
import type { Chat } from '../../../shared/chats/schemas';
import type { Sound } from './speaker';

/** What the scheduler needs of a waiting chat. */
export type WaitingChat = Pick<Chat, 'id' | 'state' | 'campus' | 'createdAt'> & { queuedAt?: number | null };

export interface SchedulerDeps {
  /** The chats to ring for, oldest first: the desk's waiting chats, or none when nobody may hear them. */
  waiting(): readonly WaitingChat[];
  /**
   * Who listens: whose campus counts as "yours" (the signed-in operator, with their presence:
   * away hears only urgent chats), or null: every chat is then another campus's.
   */
  me(): AlertListener | null;
  settings(): AlertSettings;
  timing: AlertTiming;
  /** The backend's clock, in ms: chat timestamps are in it. */
  now(): number;
  /** The speaker, which applies IT's limits to every sound (./speaker.ts). */
  play(sound: Sound): void;
  /**
   * Quiet gap after a sound. A beep falling due inside it is covered by that sound when it is
   * no more urgent; a more urgent one waits for the gap's end. Never a pile of pings.
   */
  minGapMs?: number;
  /** Called after every tick, so the tray can follow the urgency level as time passes. */
  ticked?(): void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Decides when to sound. Lives in main because Node timers are not throttled when the
 * window is hidden. Deadlines come from chat timestamps via the shared policy; one timer
 * is armed for the earliest next deadline, never a chain per chat.
 */
export class AlertScheduler {
  /** Per waiting chat: the highest beep index already sounded (or skipped while muted). */
  private readonly sounded = new Map<string, number>();
  private timer: unknown = null;
  private lastSoundAt = Number.NEGATIVE_INFINITY;
  private lastSoundRank = 0;
  private stopped = false;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: SchedulerDeps) {
    this.setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    // eslint-disable-next-line @typescript-eslint/no-unsafe-type-assertion -- without deps.setTimer, every handle is one setTimeout above returned
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  /** Re-evaluate now: on every desk change, settings change or timer. */
  tick(): void {
    if (this.stopped) return;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const me = this.deps.me();
    const now = this.deps.now();
    const settings = this.deps.settings();
    const due: { beep: Beep; chatId: string }[] = [];
    let nextAt = Number.POSITIVE_INFINITY;
    const stillWaiting = new Set<string>();
    const muted = isMuted(settings, now);
    const gapEnd = this.lastSoundAt + (this.deps.minGapMs ?? 1_000);
    // A clock that went back (a stepped server clock, another backend) must not hold beeps for ever.
    const holding = now >= this.lastSoundAt && now < gapEnd;
    for (const chat of this.deps.waiting()) {
      stillWaiting.add(chat.id);
      const decision = decideAlert(chat, now, me, settings, this.deps.timing);
      // Every waiting chat keeps its own next deadline armed, whatever happens to this beep.
      if (decision.nextAt !== null) nextAt = Math.min(nextAt, decision.nextAt);
      if (!decision.due || decision.due.index <= (this.sounded.get(chat.id) ?? -1)) continue;
      if (muted) {
        this.sounded.set(chat.id, decision.due.index); // skipped, visibly: the mute banner is up
      } else if (!holding) {
        due.push({ beep: decision.due, chatId: chat.id });
        this.sounded.set(chat.id, decision.due.index);
      } else if (soundRank(decision.due.sound) <= this.lastSoundRank) {
        this.sounded.set(chat.id, decision.due.index); // the sound that just played covers it
      } else {
        nextAt = Math.min(nextAt, gapEnd); // more urgent: it sounds when the gap ends
      }
    }
    // Claimed, ended or vanished chats are forgotten at once: the alert stops on this tick.
    for (const id of this.sounded.keys()) if (!stillWaiting.has(id)) this.sounded.delete(id);
    const loudest = mostUrgent(due.map((d) => d.beep));
    if (loudest) {
      this.lastSoundAt = now;
      this.lastSoundRank = soundRank(loudest.sound);
      this.deps.play({ sound: loudest.sound, volume: loudest.volume, chatIds: due.map((d) => d.chatId) });
    }
    // The end of a mute is a moment too: the tray and banner must follow it even with nobody waiting.
    if (muted && settings.mutedUntil !== null) nextAt = Math.min(nextAt, settings.mutedUntil);
    if (Number.isFinite(nextAt)) this.timer = this.setTimer(() => this.tick(), Math.max(0, nextAt - now));
    this.deps.ticked?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.sounded.clear();
  }
}
