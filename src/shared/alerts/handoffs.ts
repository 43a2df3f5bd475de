/**
 * The hand-offs' sounds: a note for you and a chat offered to you, each with a sound of its own
 * (never one of the escalation's), decided in main like every other sound. Pure.
 */
import type { DeskAction } from '../desk/reduce';
import { noteIsFor } from '../notes/selectors';
import type { Operator } from '../session/schemas';
import { type AlertSettings, isMuted } from './policy';

export interface HandoffSound {
  sound: 'note' | 'transfer';
  volume: number;
  /** The chat it concerns, when there is one (diagnostics list it). */
  chatIds: string[];
}

/** What this desk action should sound like for `me`, or null. A snapshot never sounds: only what happens now does. */
export function handoffSound(action: DeskAction, me: Operator | null, settings: AlertSettings, now: number): HandoffSound | null {
  if (!me || isMuted(settings, now)) return null;
  // Only two kinds of event sound here; every other is the escalation's business or silent.
  if (action.type === 'transfer.offered') {
    return action.offer.to.id === me.id && action.offer.expiresAt > now ? { sound: 'transfer', volume: settings.volume, chatIds: [action.offer.chatId] } : null;
  }
  if (action.type === 'note.posted') {
    return noteIsFor(action.note, me) ? { sound: 'note', volume: settings.volume * 0.8, chatIds: action.note.about ? [action.note.about] : [] } : null;
  }
  return null;
}
