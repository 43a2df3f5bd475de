/**
 * Whether the chat service is staffed at an instant: the season in force (an administrator picks
 * it in the directory; the first when none is picked) in the service's time zone. Unknown hours
 * (no season at all) count as open: a patron is never turned away for want of configuration.
 */
import { clockLabel, dateLabel, isoDate, localDateAt, type OpenState, openState } from './hours';
import type { ChatService } from './schemas';

export function seasonInForce(service: Pick<ChatService, 'seasons' | 'activeSeason'>): ChatService['seasons'][number] | null {
  return service.seasons.find((s) => s.name === service.activeSeason) ?? service.seasons[0] ?? null;
}

export function chatServiceState(service: Pick<ChatService, 'seasons' | 'activeSeason' | 'timeZone'>, at: number): OpenState {
  const season = seasonInForce(service);
  if (!season) return { kind: 'unknown' };
  return openState({ weekly: season.weekly, exceptions: [] }, service.timeZone, at);
}

/** "Chat opens again tomorrow at 9:00 AM." for a closed service, '' when not known. */
export function chatOpensAgain(service: Pick<ChatService, 'timeZone'>, state: OpenState, at: number): string {
  if (state.kind !== 'closed' || state.opensAt === null) return '';
  const zone = service.timeZone;
  const sameDay = isoDate(localDateAt(zone, state.opensAt)) === isoDate(localDateAt(zone, at));
  return `Chat opens again ${sameDay ? 'today' : `on ${dateLabel(zone, state.opensAt)}`} at ${clockLabel(zone, state.opensAt)}. `;
}
