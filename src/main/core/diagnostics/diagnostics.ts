import type { PlayedSound } from '../../../shared/diagnostics/calls';
import type { CallHandlers, CoreContext } from '../capability';

/** Sounds remembered for the latency figures; the app runs for days, so this is a ring. */
const RECENT_SOUNDS = 200;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

/**
 * The settings panel's diagnostics: memory, what main holds in its desk, and how fast alert
 * sounds reach the speaker (the renderer reports each sound it starts). The benchmarks and
 * end-to-end tests read the same figures.
 */
export function createDiagnostics(ctx: CoreContext): { calls: CallHandlers<'diagnostics.get' | 'diagnostics.soundPlayed'> } {
  const recent: PlayedSound[] = [];
  let played = 0;
  let playedHidden = 0;
  // The sounds name the chats they rang for: the next librarian starts with none of them.
  ctx.on('librarian', (_id, previous) => {
    if (previous !== null) recent.length = 0;
  });
  return {
    calls: {
      'diagnostics.get': async () => {
        // Under --expose-gc (the benchmarks), heap figures come after a full collection.
        globalThis.gc?.();
        const memory = process.memoryUsage();
        const chats = Object.values(ctx.desk().chats);
        const latencies = recent.map((s) => s.playedAt - s.decidedAt);
        return {
          pid: process.pid,
          uptimeS: Math.round(process.uptime()),
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          chatsInMemory: chats.length,
          messagesInMemory: chats.reduce((n, c) => n + c.messages.length, 0),
          sounds: {
            played,
            playedHidden,
            medianMs: median(latencies),
            worstMs: latencies.length === 0 ? null : Math.max(...latencies),
            recent: [...recent],
          },
        };
      },
      'diagnostics.soundPlayed': async (sound) => {
        played += 1;
        if (sound.hidden) playedHidden += 1;
        recent.push(sound);
        if (recent.length > RECENT_SOUNDS) recent.splice(0, recent.length - RECENT_SOUNDS);
        return {};
      },
    },
  };
}
