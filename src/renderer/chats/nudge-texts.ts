import type { Chat } from '../../shared/chats/schemas';
import { templatesFor } from '../../shared/templates/select';
import type { NudgeTexts } from '../../shared/workspace/nudges';
import type { AppState } from '../store';
import { filled } from './template-vars';

/** The texts a chat's nudges compare its lines with, and the ones their buttons send, filled in for that chat. */
export interface ChatNudgeTexts extends NudgeTexts {
  stillLooking: string | null;
  silenceClosing: string | null;
}

export function nudgeTexts(state: AppState, chat: Chat): ChatNudgeTexts {
  const templates = templatesFor(Object.values(state.desk.templates), chat.campus);
  const fill = (pick: (t: (typeof templates)[number]) => boolean) => templates.filter(pick).map((t) => filled(state, chat, t));
  return {
    hold: fill((t) => t.category === 'wait'),
    silenceNotice: fill((t) => t.id === 'silence.notice'),
    crisis: fill((t) => t.category === 'crisis' && t.audience === 'patron'),
    stillLooking: fill((t) => t.id === 'wait.still-looking')[0] ?? null,
    silenceClosing: fill((t) => t.id === 'silence.closing')[0] ?? null,
  };
}

/** A nudge in a few words, for a tab not in front. */
export const NUDGE_WORDS = {
  'dead-air': 'the patron is waiting for a word',
  silence: 'the patron has gone quiet',
  'silence-end': 'the silence notice went unanswered',
  'patron-away': 'the patron’s page closed',
  'patron-left': 'the patron left',
} as const;
