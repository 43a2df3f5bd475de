import type { CallHandlers } from '../capability';
import type { Session } from '../session/session';

/** Template edits go to the backend as commands; every desk gets the change back as an event. */
export function templateCalls(session: Session): CallHandlers<'template.save' | 'template.delete'> {
  return {
    'template.save': async ({ scope, template }) => {
      await session.command({ kind: 'template.save', scope, template });
      return {};
    },
    'template.delete': async ({ scope, id }) => {
      await session.command({ kind: 'template.delete', scope, id });
      return {};
    },
  };
}
