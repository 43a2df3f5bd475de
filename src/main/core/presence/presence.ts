import type { Presence as PresenceState } from '../../../shared/presence/schemas';
import type { CallHandlers, CoreContext } from '../capability';
import type { Session } from '../session/session';

/**
 * What the operator chose (online, away, offline), shown as away while the system says so
 * (asleep, locked, idle) and they chose online. Its own object, built before the session (whose
 * view shows it) and changed only through Presence, which needs the session to send it.
 */
export class PresenceChoice {
  private chosen: PresenceState = 'online';
  private systemAway = false;

  current(): PresenceState {
    return this.systemAway && this.chosen === 'online' ? 'away' : this.chosen;
  }

  /** `operator`: what they chose; `system`: 'online' lifts the system's away, anything else sets it. */
  set(presence: PresenceState, reason: 'operator' | 'system'): void {
    if (reason === 'operator') this.chosen = presence;
    else this.systemAway = presence !== 'online';
  }

  /** The next librarian starts online, whatever the previous one chose. */
  reset(): void {
    this.chosen = 'online';
  }
}

/**
 * The operator's presence (a PresenceChoice): sent to the backend whenever it changes and each
 * time the link comes online.
 */
export class Presence {
  private wasOnline = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    private readonly choice: PresenceChoice,
  ) {
    ctx.on('session', () => {
      const online = session.online;
      if (online && !this.wasOnline) this.send();
      this.wasOnline = online;
    });
    ctx.on('librarian', () => choice.reset());
  }

  current(): PresenceState {
    return this.choice.current();
  }

  /** `operator`: what they chose; `system`: 'online' lifts the system's away, anything else sets it. */
  set(presence: PresenceState, reason: 'operator' | 'system'): void {
    const before = this.current();
    this.choice.set(presence, reason);
    if (this.current() === before) return;
    this.send();
    this.ctx.emit({ type: 'session', session: this.session.view() });
    for (const listener of this.listeners) listener();
  }

  /** Called after each change of the presence (the alerts follow it: away hears only urgent chats). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  readonly calls: CallHandlers<'presence.set'> = {
    'presence.set': async ({ presence }) => {
      this.set(presence, 'operator');
      return {};
    },
  };

  private send(): void {
    this.session.command({ kind: 'presence', presence: this.current() }).catch((error: unknown) => {
      this.ctx.log('debug', 'presence not sent', { error: String(error) });
    });
  }
}
