import type { CallHandlers } from '../capability';
import { CommandError } from '../backend-link/outbox';
import type { ShellServices } from '../ports';
import { isSafeExternalUrl } from '../../../shared/external-links/safe-url';

/** Links leave the app only through here, after the one external-link rule. */
export function linkCalls(services: ShellServices): CallHandlers<'shell.openExternal'> {
  return {
    'shell.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new CommandError('invalid_frame', 'only http(s) and mailto links without credentials open outside the app');
      if (!services.openExternal) throw new CommandError('internal', 'this shell cannot open links');
      await services.openExternal(url);
      return {};
    },
  };
}
