import { type AlertSettings, type AlertTiming, decideAlert } from '../alerts/policy';
import type { DeskState } from '../desk/state';
import type { Operator } from '../session/schemas';
import { boardColumns, type QueueColumn } from './selectors';

export interface BoardColumn extends QueueColumn {
  /** A waiting chat here has reached the urgent mark (anyone on shift should claim it). */
  urgent: boolean;
}

/** Lower sorts first: urgent queues, then queues with someone waiting, then the rest. */
const rank = (column: BoardColumn): number => (column.urgent ? 0 : column.waiting.length > 0 ? 1 : 2);

/**
 * The board's queues in the order a librarian should look at them: every queue with an urgent
 * chat first, then every queue with someone waiting, then the rest; within each, the home
 * campus first and then the configured order. A live chat is never below a quiet queue.
 */
export function boardInOrder(state: DeskState, now: number, me: Operator | null, settings: AlertSettings, timing: AlertTiming): BoardColumn[] {
  const columns = boardColumns(state, me?.campus ?? null).map((column) => ({
    ...column,
    urgent: column.waiting.some((chat) => decideAlert(chat, now, me, settings, timing).level === 'urgent'),
  }));
  // Array.prototype.sort is stable: the home-first, configured order holds within each rank.
  return columns.sort((a, b) => rank(a) - rank(b));
}
