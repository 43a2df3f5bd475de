/**
 * The system's reasons to show the operator away: the machine sleeps, the screen is
 * locked, nobody has touched it for a while. While any reason holds the core is told
 * "away (system)"; when the last one ends, "online (system)", which in the core means
 * "no system override": the operator is back to the presence they chose (see
 * DeskCore.setPresence). An operator who chose away or offline stays so throughout.
 */
import type { CoreHandle } from '../../core/handle';

export type AwayReason = 'suspend' | 'lock' | 'idle';

export interface AwayReasons {
  started(reason: AwayReason): void;
  ended(reason: AwayReason): void;
  active(): AwayReason[];
}

export function createAwayReasons(core: Pick<CoreHandle, 'setPresence'>): AwayReasons {
  const reasons = new Set<AwayReason>();
  return {
    started(reason) {
      if (reasons.has(reason)) return;
      reasons.add(reason);
      if (reasons.size === 1) core.setPresence('away', 'system');
    },
    ended(reason) {
      if (!reasons.delete(reason) || reasons.size > 0) return;
      core.setPresence('online', 'system');
    },
    active: () => [...reasons],
  };
}
