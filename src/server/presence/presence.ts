import type { PresenceCommand } from '../../shared/presence/events';
import type { DeskSnapshot } from '../../shared/desk/events';
import type { Presence as PresenceState } from '../../shared/presence/schemas';
import type { Operator } from '../../shared/session/schemas';
import type { CommandTable, ServerCapability, ServerContext } from '../capability';
import { DeadlineTimer } from '../platform/deadlines';
import { errorData } from '../platform/log';
import { PresenceBoard } from './presence-board';

/**
 * Who is at the desk: online when a signed-in operator's stream is attached, what they chose
 * (online, away, offline) while it is, and offline after a short grace once no stream is
 * attached (a reconnect is not a departure).
 */
export class Presence implements ServerCapability {
  private readonly board = new PresenceBoard();
  private readonly grace: DeadlineTimer<string>;

  constructor(
    private readonly ctx: ServerContext,
    private readonly graceMs: number,
  ) {
    this.grace = new DeadlineTimer(
      (operatorId) => this.graceOver(operatorId),
      (error, key) => ctx.log('error', 'presence deadline failed', { key, ...errorData(error) }),
      ctx.now,
    );
    ctx.streams.followAttachments((operatorId) => this.attachmentChanged(operatorId));
  }

  readonly commands: CommandTable<PresenceCommand['kind']> = {
    presence: (operator, { presence }, { now }) => {
      const changed = this.board.set(operator, presence, now);
      return { ok: true, value: {}, after: changed ? () => this.ctx.publish({ type: 'operator.presence', operator: changed }) : undefined };
    },
  };

  snapshot(): Pick<DeskSnapshot, 'operators'> {
    return { operators: this.board.view(this.ctx.accounts.listOperators()) };
  }

  /** Where a librarian is now: online, away or offline. */
  presenceOf(operatorId: string): PresenceState {
    return this.board.presenceOf(operatorId);
  }

  /** The librarians of a campus who are online now (away is not at the desk), optionally without one. */
  onlineAt(campus: string, exceptId: string | null = null): Operator[] {
    return this.ctx.accounts
      .listOperators()
      .filter((op) => op.campus === campus && op.id !== exceptId && this.board.presenceOf(op.id) === 'online')
      .map(({ id, name, campus: at }) => ({ id, name, campus: at }));
  }

  /** A hello was accepted: an operator who was offline is now online (a chosen 'away' stays). */
  signedIn(operator: Operator): void {
    this.grace.delete(operator.id);
    if (this.board.presenceOf(operator.id) === 'offline') this.set(operator, 'online');
  }

  /** The stream hub reports whenever an operator's streams attach or detach. */
  attachmentChanged(operatorId: string): void {
    if (this.ctx.streams.attachedCount(operatorId) > 0) this.grace.delete(operatorId);
    else if (this.board.presenceOf(operatorId) !== 'offline') this.grace.set(operatorId, this.ctx.now() + this.graceMs);
  }

  /** A new account shows up on every desk (offline until it signs in). */
  operatorAdded(operator: Operator): void {
    const record = this.ctx.accounts.listOperators().find((op) => op.id === operator.id);
    if (!record) return;
    const [view] = this.board.view([record]);
    if (view) this.ctx.publish({ type: 'operator.presence', operator: view });
  }

  /** The librarian was cut off (an account disabled, its sessions ended): offline now, with no grace. */
  cutOff(operatorId: string): void {
    if (this.ctx.streams.attachedCount(operatorId) > 0) return;
    this.grace.delete(operatorId);
    const operator = this.ctx.accounts.getOperator(operatorId);
    if (operator && this.board.presenceOf(operatorId) !== 'offline') this.set(operator, 'offline');
  }

  memory(): { presenceGraceTimers: number } {
    return { presenceGraceTimers: this.grace.size };
  }

  close(): void {
    this.grace.close();
  }

  private graceOver(operatorId: string): void {
    if (this.ctx.streams.attachedCount(operatorId) > 0) return;
    const operator = this.ctx.accounts.getOperator(operatorId);
    if (operator) this.set(operator, 'offline');
  }

  private set(operator: Operator, presence: PresenceState): void {
    const changed = this.board.set(operator, presence, this.ctx.now());
    if (changed) this.ctx.publish({ type: 'operator.presence', operator: changed });
  }
}
