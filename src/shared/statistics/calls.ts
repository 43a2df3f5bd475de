import { ChatStatistics, StatisticsQuery } from './schemas';

export const statisticsCalls = {
  /** The chat statistics for a range of New York days (an administrator: everyone's; a librarian: their own; the backend decides). */
  'statistics.get': { args: StatisticsQuery, result: ChatStatistics },
} as const;
