import type { Account, AccountRole } from '../../shared/accounts/schemas';
import type { Presence } from '../../shared/presence/schemas';
import { type Actor, AuditLog } from '../audit/audit-log';
import type { Db } from '../platform/db';
import { isServerError } from '../platform/errors';
import { type AccountStore, isAdministratorRole } from '../session/accounts';
import { temporaryPassword } from './temporary-password';

export type AccountRefusalCode = 'forbidden' | 'not_found' | 'invalid_request' | 'conflict';

/** An account action refused: nothing changed. */
export class AccountRefusal extends Error {
  constructor(
    readonly code: AccountRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'AccountRefusal';
  }
}

/**
 * Who manages accounts, and which: an administrator their home campus's (`campus`), the head of
 * reference and the command line every campus's (`campus: null`). Read from the database on every
 * action, never from what a client sent.
 */
export interface Manager {
  actor: Actor;
  actorId: string | null;
  role: 'admin' | 'head';
  campus: string | null;
}

export const COMMAND_LINE: Manager = { actor: 'command line', actorId: null, role: 'head', campus: null };

interface AccountRow {
  id: string;
  username: string;
  name: string;
  campus: string;
  role: string;
  disabled_at: number | null;
  must_change_password: number;
  last_login_at: number | null;
  created_at: number;
}

/** The record as the audit log keeps it and an administrator sees it (never a hash). */
type AccountFacts = Omit<Account, 'presence'>;

const roleOf = (role: string): AccountRole => (role === 'head' || role === 'admin' ? role : 'librarian');

const factsOf = (row: AccountRow): AccountFacts => ({
  id: row.id,
  username: row.username,
  name: row.name,
  campus: row.campus,
  role: roleOf(row.role),
  disabled: row.disabled_at !== null,
  mustChangePassword: row.must_change_password !== 0,
  lastSignInAt: row.last_login_at,
  createdAt: row.created_at,
});

/** What the server must do once an action has committed: the sessions it ended (their sockets close, held chats go back to a queue). */
export interface Changed {
  account: AccountFacts;
  endedSessions: string[] | null;
}

/**
 * Account management: list, add (with a temporary password), disable and enable, reset a
 * password, end sessions, change role and home campus. Each action checks who may do it, refuses
 * to leave the consortium without an enabled administrator or its last head, runs in one
 * transaction with its audit entry, and returns what the server must do next.
 */
export class AccountAdmin {
  private readonly audit: AuditLog;
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly accounts: AccountStore,
    private readonly campusExists: (campus: string) => boolean,
    private readonly now: () => number,
  ) {
    this.audit = new AuditLog(db);
    const columns = 'id, username, name, campus, role, disabled_at, must_change_password, last_login_at, created_at';
    this.statements = {
      byId: db.prepare<[string], AccountRow>(`SELECT ${columns} FROM operators WHERE id = ?`),
      byUsername: db.prepare<[string], AccountRow>(`SELECT ${columns} FROM operators WHERE username = ?`),
      all: db.prepare<[], AccountRow>(`SELECT ${columns} FROM operators ORDER BY name, id`),
      ofCampus: db.prepare<[string], AccountRow>(`SELECT ${columns} FROM operators WHERE campus = ? ORDER BY name, id`),
      administrators: db.prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM operators WHERE disabled_at IS NULL AND role IN ('admin', 'head') AND id <> ?`,
      ),
      heads: db.prepare<[string], { n: number }>(`SELECT COUNT(*) AS n FROM operators WHERE disabled_at IS NULL AND role = 'head' AND id <> ?`),
      disable: db.prepare('UPDATE operators SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL'),
      enable: db.prepare('UPDATE operators SET disabled_at = NULL WHERE id = ?'),
      setRole: db.prepare('UPDATE operators SET role = ? WHERE id = ?'),
      setCampus: db.prepare('UPDATE operators SET campus = ? WHERE id = ?'),
      setPassword: db.prepare('UPDATE operators SET password_hash = ?, must_change_password = 1 WHERE id = ?'),
      sessionsOf: db.prepare<[string], string>('SELECT token_hash FROM sessions WHERE operator_id = ?').pluck(),
      endSessions: db.prepare('DELETE FROM sessions WHERE operator_id = ?'),
      endDevices: db.prepare('DELETE FROM devices WHERE operator_id = ?'),
    };
  }

  /** The manager this account is, read from the database now; forbidden for a librarian or a disabled account. */
  manager(operatorId: string): Manager {
    const row = this.statements.byId.get(operatorId);
    if (!row || row.disabled_at !== null || !isAdministratorRole(row.role)) {
      throw new AccountRefusal('forbidden', 'only an administrator manages accounts');
    }
    const role = row.role === 'head' ? 'head' : 'admin';
    return { actor: { id: row.id, name: row.name }, actorId: row.id, role, campus: role === 'head' ? null : row.campus };
  }

  /** The accounts this manager manages, with where each is now. */
  list(manager: Manager, presenceOf: (operatorId: string) => Presence): Account[] {
    const rows = manager.campus === null ? this.statements.all.all() : this.statements.ofCampus.all(manager.campus);
    return rows.map((row) => ({ ...factsOf(row), presence: presenceOf(row.id) }));
  }

  /** The account a username names (the command line's way in); not_found otherwise. */
  idOf(username: string): string {
    const row = this.statements.byUsername.get(username.trim().toLowerCase());
    if (!row) throw new AccountRefusal('not_found', `no account with username "${username}"`);
    return row.id;
  }

  /** A new account with a temporary password the librarian must replace at the first sign-in. */
  async add(manager: Manager, input: { username: string; name: string; campus: string; role: AccountRole }): Promise<Changed & { temporaryPassword: string }> {
    this.mayManageCampus(manager, input.campus, 'add an account at');
    this.mayGrant(manager, input.role);
    if (!this.campusExists(input.campus)) throw new AccountRefusal('invalid_request', `unknown campus "${input.campus}"`);
    const password = temporaryPassword();
    let id = '';
    try {
      const operator = await this.accounts.addOperatorAsync({ ...input, password, mustChangePassword: true }, (insert) =>
        this.db.transaction(() => {
          const added = insert();
          const row = this.row(added.id);
          this.record(manager, 'account.add', row, null, factsOf(row));
          return added;
        })(),
      );
      id = operator.id;
    } catch (error) {
      if (isServerError(error, 'duplicate_username')) throw new AccountRefusal('conflict', error.message);
      if (isServerError(error)) throw new AccountRefusal('invalid_request', error.message);
      throw error;
    }
    return { account: factsOf(this.row(id)), endedSessions: null, temporaryPassword: password };
  }

  /** Cannot sign in; every session and device token ends. */
  disable(manager: Manager, operatorId: string): Changed {
    return this.change(manager, operatorId, 'account.disable', (row) => {
      if (row.id === manager.actorId) throw new AccountRefusal('forbidden', 'you cannot disable your own account');
      if (row.disabled_at !== null) return null;
      this.keepAnAdministrator(row, 'librarian');
      this.statements.disable.run(this.now(), row.id);
      return this.endAll(row.id);
    });
  }

  enable(manager: Manager, operatorId: string): Changed {
    return this.change(manager, operatorId, 'account.enable', (row) => {
      this.statements.enable.run(row.id);
      return null;
    });
  }

  /** Every session and device token ends; the account stays as it is. */
  endSessions(manager: Manager, operatorId: string): Changed {
    return this.change(manager, operatorId, 'account.end-sessions', (row) => this.endAll(row.id));
  }

  /** A temporary password (the librarian replaces it at the next sign-in); every session and device token ends. */
  async resetPassword(manager: Manager, operatorId: string): Promise<Changed & { temporaryPassword: string }> {
    this.inScope(manager, this.row(operatorId));
    const password = temporaryPassword();
    const hash = await this.accounts.hashNewPassword(password);
    const changed = this.change(manager, operatorId, 'account.reset-password', (row) => {
      this.statements.setPassword.run(hash, row.id);
      return this.endAll(row.id);
    });
    return { ...changed, temporaryPassword: password };
  }

  setRole(manager: Manager, operatorId: string, role: AccountRole): Changed {
    return this.change(manager, operatorId, 'account.role', (row) => {
      this.mayGrant(manager, role);
      this.keepAnAdministrator(row, role);
      this.statements.setRole.run(role, row.id);
      return null;
    });
  }

  /** Only the head of reference (or the command line) moves a librarian to another campus. */
  setCampus(manager: Manager, operatorId: string, campus: string): Changed {
    return this.change(manager, operatorId, 'account.campus', (row) => {
      if (manager.campus !== null) throw new AccountRefusal('forbidden', 'only the head of reference moves a librarian to another campus');
      if (!this.campusExists(campus)) throw new AccountRefusal('invalid_request', `unknown campus "${campus}"`);
      this.statements.setCampus.run(campus, row.id);
      return null;
    });
  }

  /** One action: checked, done and recorded in one transaction. */
  private change(manager: Manager, operatorId: string, action: string, apply: (row: AccountRow) => string[] | null): Changed {
    return this.db.transaction((): Changed => {
      const before = this.row(operatorId);
      this.inScope(manager, before);
      const endedSessions = apply(before);
      const after = this.row(operatorId);
      this.record(manager, action, before, factsOf(before), factsOf(after));
      return { account: factsOf(after), endedSessions };
    })();
  }

  private record(manager: Manager, action: string, row: AccountRow, before: AccountFacts | null, after: AccountFacts): void {
    this.audit.record({ actor: manager.actor, action, target: row.username, campus: row.campus, before, after, at: this.now() });
  }

  private row(operatorId: string): AccountRow {
    const row = this.statements.byId.get(operatorId);
    if (!row) throw new AccountRefusal('not_found', 'no such account');
    return row;
  }

  /** An administrator manages their own campus's accounts, never the head's. */
  private inScope(manager: Manager, row: AccountRow): void {
    this.mayManageCampus(manager, row.campus, 'manage the accounts of');
    if (manager.role !== 'head' && row.role === 'head') throw new AccountRefusal('forbidden', "only the head of reference manages the head of reference's account");
  }

  private mayManageCampus(manager: Manager, campus: string, what: string): void {
    if (manager.campus !== null && manager.campus !== campus) {
      throw new AccountRefusal('forbidden', `an administrator may ${what} their own campus only (yours is ${manager.campus})`);
    }
  }

  private mayGrant(manager: Manager, role: AccountRole): void {
    if (role === 'head' && manager.role !== 'head') throw new AccountRefusal('forbidden', 'only the head of reference makes another head of reference');
  }

  /** Refuse a change that would leave no enabled administrator, or remove the last head of reference. */
  private keepAnAdministrator(row: AccountRow, becomes: AccountRole): void {
    if (row.disabled_at !== null) return;
    if (row.role === 'head' && becomes !== 'head' && this.statements.heads.get(row.id)?.n === 0) {
      throw new AccountRefusal('conflict', `${row.name} is the last head of reference: make another one first`);
    }
    if (isAdministratorRole(row.role) && !isAdministratorRole(becomes) && this.statements.administrators.get(row.id)?.n === 0) {
      throw new AccountRefusal('conflict', `${row.name} is the last administrator: make another one first`);
    }
  }

  /** End every session and device token of an account; the ended sessions' ids, for their sockets. */
  private endAll(operatorId: string): string[] {
    const sessions = this.statements.sessionsOf.all(operatorId);
    this.statements.endSessions.run(operatorId);
    this.statements.endDevices.run(operatorId);
    return sessions;
  }
}
