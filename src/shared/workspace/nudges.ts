import { z } from 'zod';
import type { Chat, ChatMessage } from '../chats/schemas';
import { waitingSince } from '../chats/selectors';

/**
 * The pane's nudges, from timestamps alone (pure, so the renderer recomputes them each second
 * and tests need no clock): never dead air, a polite end for a silent patron, and a patron who
 * left said at once. Thresholds are the desk's settings; tests shorten them.
 */
export const NudgeSettings = z.object({
  /** The patron waits and the librarian has sent nothing for this long: offer "still looking". */
  deadAirMs: z.number().int().min(1_000).max(10 * 60_000),
  /** The patron has said nothing for this long after the librarian's last message: offer the silence notice. */
  silenceNoticeMs: z.number().int().min(1_000).max(60 * 60_000),
  /** After the silence notice, this long without a word: offer to end the chat. */
  silenceEndMs: z.number().int().min(1_000).max(60 * 60_000),
});
export type NudgeSettings = z.infer<typeof NudgeSettings>;
export const DEFAULT_NUDGES: NudgeSettings = { deadAirMs: 60_000, silenceNoticeMs: 5 * 60_000, silenceEndMs: 2 * 60_000 };

export type Nudge =
  /** One click sends "still looking". */
  | { kind: 'dead-air'; since: number }
  /** One click sends the silence notice. */
  | { kind: 'silence'; since: number }
  /** The notice went unanswered: one click ends the chat. */
  | { kind: 'silence-end'; since: number }
  /** The patron's page closed or lost its connection; they may come back. */
  | { kind: 'patron-away' }
  /** The patron ended the chat. */
  | { kind: 'patron-left'; at: number };

/** Texts the librarian's lines are compared with: the chat's own "give me a minute"/"still looking" and silence notice. */
export interface NudgeTexts {
  hold: readonly string[];
  silenceNotice: readonly string[];
  /** The crisis resources as this chat would send them (988, 741741, …): one sent means a crisis. */
  crisis?: readonly string[];
}

/** What the desk knows of the chat beyond its lines. */
export interface NudgeContext {
  /** The crisis panel was opened for this chat. */
  crisisPanel?: boolean;
}

const same = (a: string, texts: readonly string[]) => texts.some((t) => t.trim() === a.trim());
const conversation = (messages: readonly ChatMessage[]) => messages.filter((m) => m.visibility === 'patron' && m.from !== 'system');
function lastFrom(lines: readonly ChatMessage[], from: ChatMessage['from']): ChatMessage | null {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]?.from === from) return lines[i] ?? null;
  return null;
}

/** The crisis playbook is in use: its panel was opened for the chat, or a crisis resource was sent in it. */
const inCrisis = (lines: readonly ChatMessage[], texts: NudgeTexts, context: NudgeContext): boolean =>
  context.crisisPanel === true || (texts.crisis !== undefined && texts.crisis.length > 0 && lines.some((m) => m.from === 'operator' && same(m.text, texts.crisis ?? [])));

export function chatNudges(
  chat: Pick<Chat, 'state' | 'claimedBy' | 'claimedAt' | 'messages' | 'patronConnected' | 'endReason' | 'endedAt'>,
  now: number,
  meId: string | null,
  settings: NudgeSettings,
  texts: NudgeTexts,
  context: NudgeContext = {},
): Nudge[] {
  if (chat.state === 'ended') return chat.endReason === 'patron_left' ? [{ kind: 'patron-left', at: chat.endedAt ?? now }] : [];
  if (chat.state !== 'claimed' || meId === null || chat.claimedBy?.id !== meId) return [];
  const nudges: Nudge[] = [];
  if (!chat.patronConnected) nudges.push({ kind: 'patron-away' });
  const lines = conversation(chat.messages);
  const patron = lastFrom(lines, 'patron');
  const mine = lastFrom(lines, 'operator');
  const claimedAt = chat.claimedAt ?? now;
  const waitingOnMe = patron !== null && (mine === null || patron.seq > mine.seq);
  const holding = mine !== null && (patron === null || mine.seq > patron.seq) && same(mine.text, texts.hold);
  if (waitingOnMe || holding) {
    const since = holding && mine ? mine.at : Math.max(patron?.at ?? claimedAt, claimedAt);
    if (now - since >= settings.deadAirMs) nudges.push({ kind: 'dead-air', since });
    return nudges;
  }
  // A patron in crisis who goes quiet is never offered the silence notice or a polite close.
  if (inCrisis(lines, texts, context)) return nudges;
  if (mine !== null && (patron === null || mine.seq > patron.seq)) {
    if (same(mine.text, texts.silenceNotice)) {
      if (now - mine.at >= settings.silenceEndMs) nudges.push({ kind: 'silence-end', since: mine.at });
    } else if (now - mine.at >= settings.silenceNoticeMs) nudges.push({ kind: 'silence', since: mine.at });
  }
  return nudges;
}

/**
 * How long the patron waited before a librarian claimed, and how long the chat has run (ms).
 * The wait is counted in the queue the chat is in (from its start, or from when it was put back
 * in a queue), as the board's card counts it, and stops at the claim: a chat held or handed on
 * never adds its conversation to the wait.
 */
export function chatTimes(chat: Pick<Chat, 'createdAt' | 'claimedAt' | 'endedAt'> & { queuedAt?: number | null }, now: number): { waited: number; chatted: number | null } {
  const waited = (chat.claimedAt ?? chat.endedAt ?? now) - waitingSince(chat);
  const chatted = chat.claimedAt === null ? null : (chat.endedAt ?? now) - chat.claimedAt;
  return { waited: Math.max(0, waited), chatted: chatted === null ? null : Math.max(0, chatted) };
}
