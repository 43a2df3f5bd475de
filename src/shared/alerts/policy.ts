import { z } from 'zod';
import type { Chat } from '../chats/schemas';
import type { Presence } from '../presence/schemas';
import type { Operator } from '../session/schemas';

/** The escalation of a waiting chat, quietest first. */
export const ESCALATION_SOUNDS = ['ping-1', 'ping-2', 'ping-3', 'urgent'] as const;
export type EscalationSound = (typeof ESCALATION_SOUNDS)[number];
/**
 * Every sound the desk plays: the escalation, then the hand-offs' own (a note for you, a chat
 * offered to you), which must never be mistaken for a waiting patron.
 */
export const SOUNDS = [...ESCALATION_SOUNDS, 'note', 'transfer'] as const;
export type SoundName = (typeof SOUNDS)[number];
/** Not an alert: the soft chime of a patron's message in a chat the librarian holds but is not looking at. */
export const MESSAGE_CHIME = 'message';
/** Every sound the renderer plays: the escalating alerts, then the message chime. */
export const PLAYABLE_SOUNDS = [...SOUNDS, MESSAGE_CHIME] as const;
export type PlayableSound = (typeof PLAYABLE_SOUNDS)[number];

/** Workflow timings: three beeps about 7 s apart, urgent for everyone at 20 s. Tests shorten them. */
/** Each timing on its own; the backend, which only offers tickets, checks no more than this. */
export const AlertTimingFields = z.object({
  beepIntervalMs: z.number().int().min(100).max(60_000),
  urgentAfterMs: z.number().int().min(300).max(300_000),
  ticketOfferAfterMs: z.number().int().min(500).max(3_600_000),
});
export const AlertTiming = AlertTimingFields
  // The three pings must all fall before the urgent mark, and the ticket offer after it.
  .refine((t) => 2 * t.beepIntervalMs < t.urgentAfterMs, { message: 'the third beep must come before the urgent mark', path: ['urgentAfterMs'] })
  .refine((t) => t.urgentAfterMs < t.ticketOfferAfterMs, { message: 'the ticket offer must come after the urgent mark', path: ['ticketOfferAfterMs'] });
export type AlertTiming = z.infer<typeof AlertTiming>;
export const DEFAULT_TIMING: AlertTiming = { beepIntervalMs: 7_000, urgentAfterMs: 20_000, ticketOfferAfterMs: 60_000 };

export const AlertSettings = z.object({
  /** Master volume, 0..1. */
  volume: z.number().min(0).max(1),
  /** Volume factor for chats of other campuses before they turn urgent. */
  otherCampusVolume: z.number().min(0).max(1),
  /** Gap between urgent beeps after the 20 s mark; bounded so nobody sets it to "never". */
  urgentRepeatMs: z.number().int().min(3_000).max(30_000),
  /** Global mute, always time-limited: it ends by itself at this instant. */
  mutedUntil: z.number().int().nonnegative().nullable(),
  /** The message chime's own volume, 0..1 (0: silent). Settings saved before it existed get the default. */
  messageVolume: z.number().min(0).max(1).default(0.5),
});
export type AlertSettings = z.infer<typeof AlertSettings>;
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  volume: 0.8,
  otherCampusVolume: 0.4,
  urgentRepeatMs: 10_000,
  mutedUntil: null,
  messageVolume: 0.5,
};
export const MAX_MUTE_MS = 60 * 60_000;

export type AlertLevel = 'none' | 'yours' | 'other' | 'urgent';
export interface Beep {
  /** 0-based: 0, 1, 2 are the escalating pings, 3 and later the urgent repeats. */
  index: number;
  at: number;
  sound: EscalationSound;
  volume: number;
  level: Exclude<AlertLevel, 'none'>;
}
export interface AlertDecision {
  level: AlertLevel;
  /** How many beeps have come due so far. */
  beeps: number;
  /** The latest beep whose time has come, or null. */
  due: Beep | null;
  /** When the next beep falls due, or null when the chat needs no more. */
  nextAt: number | null;
  muted: boolean;
  /**
   * The listener is away (or offline): the pings before the urgent mark are not sounded for
   * them (`due` is null until then); the chat still counts its beeps and still turns urgent.
   */
  held: boolean;
}

/**
 * Who hears the desk: the signed-in operator with their presence (none given: at the desk).
 * A librarian who stepped away is not rung for a waiting chat until it turns urgent.
 */
export type AlertListener = Operator & { presence?: Presence };

/** Away and offline hear only urgent chats; online hears every ping. */
const hearsPings = (me: AlertListener | null): boolean => me?.presence === undefined || me.presence === 'online';

const PING_STEPS = 3;
const STEP_VOLUME = [0.6, 0.8, 1];

/** What the policy needs of a chat; `queuedAt` (a chat put back in a queue) restarts its escalation. */
export type AlertChat = Pick<Chat, 'state' | 'campus' | 'createdAt'> & { queuedAt?: number | null };

/** Since when a chat has been waiting: its start, or when it was last put back in a queue. */
const waitingSince = (chat: Pick<AlertChat, 'createdAt' | 'queuedAt'>): number => chat.queuedAt ?? chat.createdAt;

function beepAt(chat: Pick<AlertChat, 'createdAt' | 'queuedAt'>, index: number, timing: AlertTiming, settings: AlertSettings): number {
  const since = waitingSince(chat);
  if (index < PING_STEPS) return since + index * timing.beepIntervalMs;
  return since + timing.urgentAfterMs + (index - PING_STEPS) * settings.urgentRepeatMs;
}

function describeBeep(index: number, at: number, ownCampus: boolean, settings: AlertSettings): Beep {
  if (index >= PING_STEPS) return { index, at, sound: 'urgent', volume: settings.volume, level: 'urgent' };
  const step = STEP_VOLUME[index] ?? 1;
  return {
    index,
    at,
    sound: ESCALATION_SOUNDS[index] ?? 'ping-3',
    volume: settings.volume * step * (ownCampus ? 1 : settings.otherCampusVolume),
    level: ownCampus ? 'yours' : 'other',
  };
}

/** The index of the last beep due at `now` (-1 before the first). */
function lastDueIndex(age: number, timing: AlertTiming, settings: AlertSettings): number {
  if (age < 0) return -1;
  if (age < timing.urgentAfterMs) return Math.min(PING_STEPS - 1, Math.floor(age / timing.beepIntervalMs));
  return PING_STEPS + Math.floor((age - timing.urgentAfterMs) / settings.urgentRepeatMs);
}

/**
 * The escalation policy: what a waiting chat should sound like for this operator at `now`
 * (`me` is null when nobody is signed in: every chat is then another campus's; an operator
 * who is away hears it only once it is urgent).
 * Deadlines come from the chat's timestamp, so a late or skipped tick never shifts them.
 */
export function decideAlert(
  chat: AlertChat,
  now: number,
  me: AlertListener | null,
  settings: AlertSettings,
  timing: AlertTiming = DEFAULT_TIMING,
): AlertDecision {
  const muted = isMuted(settings, now);
  if (chat.state !== 'waiting') return { level: 'none', beeps: 0, due: null, nextAt: null, muted, held: false };
  const ownCampus = me !== null && chat.campus === me.campus;
  // A chat on the desk has been waiting for at least no time at all: the desk's estimate of the
  // backend's clock can run some milliseconds behind the stamp on a chat that just arrived, and
  // that error must not hold back its first ping (the alert bench saw every ping 25 ms late for
  // seconds at a time, until the next heartbeat moved the estimate).
  const age = Math.max(0, now - waitingSince(chat));
  const index = lastDueIndex(age, timing, settings);
  const due = index < 0 ? null : describeBeep(index, beepAt(chat, index, timing, settings), ownCampus, settings);
  const urgent = age >= timing.urgentAfterMs;
  const held = !urgent && !hearsPings(me);
  return {
    level: urgent ? 'urgent' : ownCampus ? 'yours' : 'other',
    beeps: index + 1,
    // Held: nothing sounds before the urgent mark, which is the next moment that matters.
    due: held ? null : due,
    nextAt: held ? beepAt(chat, PING_STEPS, timing, settings) : beepAt(chat, index + 1, timing, settings),
    muted,
    held,
  };
}

/** How urgent a sound is: ping-1 < ping-2 < ping-3 < urgent. */
export const soundRank = (sound: EscalationSound): number => ESCALATION_SOUNDS.indexOf(sound) + 1;

/** A mute is always time-limited: it is over at `mutedUntil`, by itself. */
export const isMuted = (settings: Pick<AlertSettings, 'mutedUntil'>, now: number): boolean =>
  settings.mutedUntil !== null && now < settings.mutedUntil;

/** Several chats due in one tick make one sound: the most urgent, and the loudest of those. */
export function mostUrgent(beeps: readonly Beep[]): Beep | null {
  let best: Beep | null = null;
  for (const beep of beeps) {
    if (!best || soundRank(beep.sound) > soundRank(best.sound) || (beep.sound === best.sound && beep.volume > best.volume)) best = beep;
  }
  return best;
}
