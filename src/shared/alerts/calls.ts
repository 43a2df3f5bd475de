import { z } from 'zod';
import { ChatId, Empty } from '../protocol/common';
import { AlertSettings, PLAYABLE_SOUNDS } from './policy';

export const alertCalls = {
  'alerts.get': { args: Empty, result: AlertSettings },
  // messageVolume has a default for old settings files; here it must stay absent unless given, or a change of the volume would reset it.
  'alerts.set': {
    args: AlertSettings.omit({ mutedUntil: true, messageVolume: true })
      .partial()
      .extend({ messageVolume: z.number().min(0).max(1).optional() })
      .strict(),
    result: AlertSettings,
  },
  'alerts.mute': { args: z.object({ minutes: z.number().int().min(0).max(60) }).strict(), result: AlertSettings },
} as const;

/** Main decided that a sound plays now; the renderer plays it, nothing more. */
export const SoundRequest = z.object({
  type: z.literal('sound'),
  id: z.string(),
  sound: z.enum(PLAYABLE_SOUNDS),
  volume: z.number().min(0).max(1),
  chatIds: z.array(ChatId),
  /** When main decided to play, in main's clock (ms, fractional). */
  decidedAt: z.number(),
});
export type SoundRequest = z.infer<typeof SoundRequest>;

export const AlertsPush = z.object({ type: z.literal('alerts'), settings: AlertSettings });
