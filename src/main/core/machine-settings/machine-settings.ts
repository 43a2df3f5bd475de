import type { CallHandlers, CoreContext } from '../capability';

/** IT's machine-wide settings for the renderer: the banner for a bad file, and what is locked or bounded. */
export function machineSettings(ctx: CoreContext): { calls: CallHandlers<'machine.get'> } {
  ctx.on('subscribed', () => ctx.emit({ type: 'machine', machine: ctx.machine.view() }));
  return { calls: { 'machine.get': async () => ctx.machine.view() } };
}
