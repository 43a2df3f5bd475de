import type { CallHandlers, CoreContext } from '../capability';

/** Desk settings beyond alerts (alerts keep their own calls). */
export function settingsCalls(ctx: CoreContext): CallHandlers<'settings.get' | 'settings.set'> {
  return {
    'settings.get': async () => ({ idleAwayMinutes: ctx.settings.get().idleAwayMinutes }),
    'settings.set': async ({ idleAwayMinutes }) => ({
      idleAwayMinutes: ctx.settings.update((s) => ({ ...s, idleAwayMinutes })).idleAwayMinutes,
    }),
  };
}
