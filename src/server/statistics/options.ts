/** The server option the statistics capability contributes (`ServerOptions`). */
import { z } from 'zod';
import { DEFAULT_PICKUP_GOAL_MS } from '../../shared/statistics/schemas';

export interface StatisticsServerOptions {
  /** The pickup goal the statistics count against (default 20 s: three beeps). */
  pickupGoalMs?: number;
}

/** Its bounds and default, composed into the server's settings schema. */
export const statisticsSettings = {
  pickupGoalMs: z.number().int().min(1_000).max(10 * 60_000).default(DEFAULT_PICKUP_GOAL_MS),
};
