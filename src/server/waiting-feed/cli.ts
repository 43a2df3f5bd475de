/** The waiting feed's setting of `serve`: its key, a secret, so from the environment only (never a flag seen in `ps`). */
import type { ServeOption } from '../platform/cli';

export const waitingFeedServeOptions: ServeOption = {
  flags: {},
  help: [
    '                      DESKBELL_WAITING_FEED_KEY  a secret: desks read GET /api/waiting with it while nobody is signed in',
    '                                              (so a desk IT set to ring between shifts can); unset, the feed is off',
  ],
  read: () => ({ waitingFeedKey: process.env.DESKBELL_WAITING_FEED_KEY?.trim() || null }),
};
