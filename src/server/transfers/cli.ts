/** The transfers capability's option of `serve`: how long a librarian has to accept a transfer. */
import { parseSeconds, type ServeOption, stringFlag } from '../platform/cli';

export const transferServeOptions: ServeOption = {
  flags: { 'transfer-accept-seconds': { type: 'string' } },
  help: ['  --transfer-accept-seconds N  DESKBELL_TRANSFER_ACCEPT_SECONDS  how long a librarian has to accept a transfer (default 60)'],
  read: (values) => {
    const seconds = stringFlag(values, 'transfer-accept-seconds') ?? process.env.DESKBELL_TRANSFER_ACCEPT_SECONDS;
    return seconds === undefined ? {} : { transferAcceptMs: parseSeconds(seconds, '--transfer-accept-seconds', 1, 900) * 1000 };
  },
};
