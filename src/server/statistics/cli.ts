/** The statistics capability's option of `serve`: the pickup goal its figures count against. */
import { parseSeconds, type ServeOption, stringFlag } from '../platform/cli';

export const statisticsServeOptions: ServeOption = {
  flags: { 'pickup-goal-seconds': { type: 'string' } },
  help: ['  --pickup-goal-seconds N      DESKBELL_PICKUP_GOAL_SECONDS  the pickup goal the chat statistics count against (default 20)'],
  read: (values) => {
    const seconds = stringFlag(values, 'pickup-goal-seconds') ?? process.env.DESKBELL_PICKUP_GOAL_SECONDS;
    return seconds === undefined ? {} : { pickupGoalMs: parseSeconds(seconds, '--pickup-goal-seconds', 1, 600) * 1000 };
  },
};
