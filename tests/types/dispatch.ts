/**
 * Type tests of src/shared/dispatch.ts, checked by `npm run typecheck`: the dispatcher's table,
 * context and value must agree, with no cast at the call site. Each `@ts-expect-error` fails the
 * check if the line below it ever compiles.
 */
import { dispatch } from '../../src/shared/dispatch';
import type { CommandTable, Outcome, PatronCommandType, PatronFrameTable } from '../../src/server/capability';
import type { Command, CommandKind } from '../../src/shared/desk/events';
import type { AckResult, PatronClientFrame } from '../../src/shared/protocol';
import type { Operator } from '../../src/shared/session/schemas';
import type { PatronLink } from '../../src/server/transport/patron-hub';

declare const commands: CommandTable<CommandKind>;
declare const command: Command;
declare const operator: Operator;
const ctx = { clientId: 'client-0001', now: 0 };

// The server's command runner, as it dispatches.
export const outcome: Outcome<AckResult> = dispatch('kind', commands, operator, command, ctx);
// @ts-expect-error the handlers take an operator first, not a client id
dispatch('kind', commands, 'client-0001', command, ctx);
// @ts-expect-error commands are keyed by kind, not type
dispatch('type', commands, operator, command, ctx);
// @ts-expect-error the handlers answer an Outcome, not a string
export const wrongResult: string = dispatch('kind', commands, operator, command, ctx);
// @ts-expect-error a table of some kinds cannot take a command of any kind
dispatch('kind', { claim: commands.claim }, operator, command, ctx);

// The patron socket, as it dispatches (ping is the transport's own frame).
declare const frames: PatronFrameTable<PatronCommandType>;
declare const frame: Exclude<PatronClientFrame, { type: 'ping' }>;
declare const link: PatronLink;
dispatch('type', frames, link, frame);
declare const anyFrame: PatronClientFrame;
// @ts-expect-error the table has no handler for ping
dispatch('type', frames, link, anyFrame);
