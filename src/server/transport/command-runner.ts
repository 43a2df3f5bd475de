import type { Command, CommandKind } from '../../shared/desk/events';
import type { AckResult, OperatorServerFrame } from '../../shared/protocol';
import type { Operator } from '../../shared/session/schemas';
import { dispatch } from '../../shared/dispatch';
import type { CommandTable, Outcome, ServerContext } from '../capability';
import { errorData } from '../platform/log';
import type { CommandLog } from './command-log';

/**
 * Runs each operator command exactly once per (operator, client id): the handler's change and
 * the answer are stored in one transaction, and a resend gets the stored answer back verbatim.
 * Dispatch is by command kind, through the table the capabilities compose.
 */
export class CommandRunner {
  constructor(
    private readonly ctx: Pick<ServerContext, 'db' | 'now' | 'log' | 'runAfter'>,
    private readonly log: CommandLog,
    private readonly table: CommandTable<CommandKind>,
  ) {}

  /** The response frame as JSON text: an ack or a typed error. */
  run(operator: Operator, clientId: string, cmd: Command): string {
    const now = this.ctx.now();
    const stored = this.log.recall(operator.id, clientId, now);
    if (stored !== null) return stored;
    let after: (() => void) | undefined;
    let response: string;
    try {
      response = this.ctx.db.transaction(() => {
        const outcome: Outcome<AckResult> = dispatch('kind', this.table, operator, cmd, { clientId, now });
        const frame: OperatorServerFrame = outcome.ok
          ? { type: 'ack', id: clientId, result: outcome.value }
          : { type: 'error', id: clientId, code: outcome.code, message: outcome.message };
        const text = JSON.stringify(frame);
        this.log.remember(operator.id, clientId, text, now);
        if (outcome.ok) after = outcome.after;
        return text;
      })();
    } catch (error) {
      // Not stored: the client may retry the same id once the database is healthy again.
      this.ctx.log('error', 'command failed', { operatorId: operator.id, kind: cmd.kind, ...errorData(error) });
      return JSON.stringify({ type: 'error', id: clientId, code: 'internal', message: 'the server could not run this command' } satisfies OperatorServerFrame);
    }
    this.ctx.runAfter(after);
    return response;
  }
}
