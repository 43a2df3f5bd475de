import { z } from 'zod';
import { PLAYABLE_SOUNDS } from '../alerts/policy';
import { Empty } from '../protocol/common';

/** One alert sound the renderer started, as it reported it. */
export const PlayedSound = z.object({
  soundId: z.string().max(64),
  sound: z.enum(PLAYABLE_SOUNDS),
  volume: z.number().min(0).max(1),
  /** When main decided to play it and when the renderer started it (ms, both from performance.timeOrigin + now()). */
  decidedAt: z.number(),
  playedAt: z.number(),
  /** The window was hidden (in the tray, minimized, covered) when it played. */
  hidden: z.boolean(),
});
export type PlayedSound = z.infer<typeof PlayedSound>;

/** How quickly alert sounds went from main's decision to the speaker. */
export const SoundLatency = z.object({
  /** Sounds reported since the app started. */
  played: z.number().int().nonnegative(),
  /** Of those, how many played while the window was hidden. */
  playedHidden: z.number().int().nonnegative(),
  /** Over the latest sounds (see `recent`). */
  medianMs: z.number().nullable(),
  worstMs: z.number().nullable(),
  /** The latest sounds, oldest first (bounded). */
  recent: z.array(PlayedSound),
});

/**
 * The settings panel's "Diagnostics" section: memory, what main holds, and alert latency.
 * Benchmarks read the same figures; nothing here is a test-only hook.
 */
export const diagnosticsCalls = {
  'diagnostics.get': {
    args: Empty,
    result: z.object({
      pid: z.number().int(),
      uptimeS: z.number(),
      rssBytes: z.number(),
      heapUsedBytes: z.number(),
      chatsInMemory: z.number().int(),
      messagesInMemory: z.number().int(),
      sounds: SoundLatency,
    }),
  },
  /** The renderer started a sound main asked for: when, and whether the window was hidden then. */
  'diagnostics.soundPlayed': { args: PlayedSound.strict(), result: Empty },
} as const;
