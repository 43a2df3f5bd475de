/**
 * Type tests, checked by `npm run typecheck` (tsconfig.tests.json): a call handler or a server
 * command table of the wrong shape must not compile. Each `@ts-expect-error` fails the check if
 * the line below it ever stops being an error, so these cannot pass vacuously.
 */
import type { CallHandler, CallHandlers } from '../../src/main/core/capability';
import type { MainCore } from '../../src/main/core/main-core';
import type { CommandTable } from '../../src/server/capability';
import type { CommandKind } from '../../src/shared/desk/events';
import type { EventReducers } from '../../src/shared/desk/state';
import type { DeskEvent } from '../../src/shared/desk/events';

// A handler must return its call's result type.
// @ts-expect-error session.get returns a SessionView, not an empty object
export const wrongResult: CallHandler<'session.get'> = async () => ({});
// @ts-expect-error alerts.mute returns the alert settings, not a number
export const wrongNumber: CallHandler<'alerts.mute'> = async () => 15;
export const rightResult: CallHandler<'chat.claim'> = async () => ({});

// A handler receives its call's validated arguments.
// @ts-expect-error chat.send carries text, not a body
export const wrongArgs: CallHandler<'chat.send'> = async ({ body }: { body: string }) => ({ body });

// The table must cover every call it names.
// @ts-expect-error chat.end is missing
export const missing: CallHandlers<'chat.claim' | 'chat.end'> = { 'chat.claim': async () => ({}) };

// The server's command table must cover every command kind.
// @ts-expect-error only claim is handled
export const commands: CommandTable<CommandKind> = { claim: () => ({ ok: true, value: {} }) };

// The desk reducer registry must cover every event type.
// @ts-expect-error operator.presence has no reducer
export const reducers: Pick<EventReducers<DeskEvent>, 'chat.created' | 'operator.presence'> = { 'chat.created': (s) => s };

// A call's outcome is typed by its name: no cast needed, and a wrong use does not compile.
export async function typedOutcome(core: MainCore): Promise<number> {
  const outcome = await core.call('alerts.get', {});
  if (!outcome.ok) return 0;
  // @ts-expect-error alert settings have no idleAwayMinutes
  void outcome.value.idleAwayMinutes;
  return outcome.value.volume;
}
