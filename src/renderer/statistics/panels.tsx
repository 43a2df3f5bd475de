import type { DeskPanel } from '../dock/panel';
import { StatisticsPanel } from './StatisticsPanel';

/**
 * Chat statistics, in the top bar's menu. Every librarian may open it: the backend answers an
 * administrator with everyone's figures and a librarian with their own. Wide: it takes the
 * conversation's column as well, and the board stays on screen.
 */
export const statisticsPanels: DeskPanel[] = [
  {
    id: 'statistics',
    scope: 'desk',
    menu: true,
    wide: true,
    title: 'Statistics',
    priority: 17,
    hint: 'Pickup against the goal, busy and unanswered hours, hand-offs, tickets and ratings',
    Panel: StatisticsPanel,
  },
];
