import type { OperatorPresence, Presence } from '../../shared/presence/schemas';
import type { Operator } from '../../shared/session/schemas';

interface PresenceEntry {
  presence: Presence;
  since: number;
}

/** Who is at the desk. One entry per operator account at most, so it stays bounded. */
export class PresenceBoard {
  private readonly entries = new Map<string, PresenceEntry>();

  presenceOf(operatorId: string): Presence {
    return this.entries.get(operatorId)?.presence ?? 'offline';
  }

  /** Returns the operator's new presence when it changed, else null. */
  set(operator: Operator, presence: Presence, at: number): OperatorPresence | null {
    if (this.presenceOf(operator.id) === presence) return null;
    this.entries.set(operator.id, { presence, since: at });
    return { ...operator, presence, since: at };
  }

  /** Everyone known, with a default of offline since the account was created. */
  view(operators: readonly (Operator & { createdAt: number })[]): OperatorPresence[] {
    return operators.map((op) => {
      const entry = this.entries.get(op.id);
      return { id: op.id, name: op.name, campus: op.campus, presence: entry?.presence ?? 'offline', since: entry?.since ?? op.createdAt };
    });
  }
}
