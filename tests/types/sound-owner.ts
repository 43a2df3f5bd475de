/**
 * Type tests (see ./call-handlers.ts): a capability's context cannot push a sound. Every sound
 * leaves the core through the alerts capability's speaker (src/main/core/alerts/speaker.ts),
 * which applies IT's volume floor and mute cap, so no other capability can skip them.
 */
import type { CoreContext } from '../../src/main/core/capability';

export function onlyTheAlertsSound(ctx: CoreContext): void {
  // @ts-expect-error a `sound` push is not a CorePush: only the alerts capability is handed the way out
  ctx.emit({ type: 'sound', id: 'chime', sound: 'message', volume: 0.2, chatIds: [], decidedAt: 0 });
  // Every other push still goes out through the context.
  ctx.emit({ type: 'unread', counts: {} });
}
