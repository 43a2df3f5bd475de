import { z } from 'zod';
import { AccountRole } from '../../shared/accounts/schemas';
import { CampusId, PersonName } from '../../shared/protocol/common';
import { LoginRequest, type LoginResponse, type Operator } from '../../shared/session/schemas';
import type { Db } from '../platform/db';
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';
import {
  burnPasswordCheck,
  DEFAULT_SCRYPT_COST,
  hashPassword,
  hashPasswordAsync,
  newId,
  newToken,
  type ScryptCost,
  sha256,
  verifyPassword,
  weakerThan,
} from '../platform/secrets';
import { errorCode } from '../../shared/narrow';

/** Sessions unused this long stop working; the desktop client signs in again (the default; `--session-idle-days`). */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60_000;
/** However much it is used, a session ends this long after its sign-in (the default; `--session-max-days`). */
export const SESSION_MAX_MS = 90 * 24 * 60 * 60_000;

/** How long a session lasts: unused, and at most. */
export interface SessionLifetimes {
  idleMs: number;
  maxMs: number;
}
export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleMs: SESSION_IDLE_MS, maxMs: SESSION_MAX_MS };
/** A computer unused for this long is no longer trusted for sign-in (a new device token is issued). */
export const DEVICE_IDLE_MS = 180 * 24 * 60 * 60_000;
/** `last_seen` is refreshed at most this often, so hellos do not each write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** Usernames compare case-insensitively: stored lowercased. */
const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'username must be 2-64 characters: letters, digits, . _ @ -');

/** A password a person chose or was given: bounded, never trimmed. */
export const Password = z.string().min(8, 'password must be at least 8 characters').max(200, 'password is over 200 characters');

/** The roles that administer (the head is an administrator everywhere). */
export const isAdministratorRole = (role: string): boolean => role === 'admin' || role === 'head';

export const AddOperatorInput = z.object({
  username: Username,
  name: PersonName,
  campus: CampusId,
  password: Password,
  /** Admins edit the campus directory; everyone else is a librarian. */
  role: AccountRole.default('librarian'),
  /** A temporary password: the librarian must choose their own at the first sign-in. */
  mustChangePassword: z.boolean().default(false),
});
export type AddOperatorInput = z.input<typeof AddOperatorInput>;

export interface OperatorRecord extends Operator {
  username: string;
  createdAt: number;
}

export interface SessionInfo {
  operator: Operator;
  /** The stored sha256 of the token: identifies the session without holding the secret. */
  sessionId: string;
}

interface OperatorRow {
  id: string;
  username: string;
  name: string;
  campus: string;
  password_hash: string;
  created_at: number;
  role: string;
  disabled_at: number | null;
  must_change_password: number;
  last_login_at: number | null;
}

/**
 * The role travels only when it administers: a librarian's operator looks as it always has. The
 * head travels as 'admin' (what every desk already understands); who may manage which accounts is
 * decided by the backend from the database, never from this.
 */
const toOperator = (row: Pick<OperatorRow, 'id' | 'name' | 'campus' | 'role'>): Operator =>
  isAdministratorRole(row.role) ? { id: row.id, name: row.name, campus: row.campus, role: 'admin' } : { id: row.id, name: row.name, campus: row.campus };

export class AccountStore {
  private readonly insertOperator;
  private readonly operatorByUsername;
  private readonly operatorById;
  private readonly allOperators;
  private readonly insertSession;
  private readonly sessionByHash;
  private readonly touchSession;
  private readonly deleteSession;
  private readonly deleteIdleSessions;
  private readonly upgradeHash;
  private readonly deviceByHash;
  private readonly insertDevice;
  private readonly touchDevice;
  private readonly deleteIdleDevices;
  private readonly updateRole;
  private readonly changePassword;
  private readonly noteLogin;

  constructor(
    db: Db,
    private readonly campusIds: ReadonlySet<string>,
    private readonly now: () => number = Date.now,
    /** Cost of new password hashes; lowered only by tests that create many accounts. */
    private readonly passwordCost: ScryptCost = DEFAULT_SCRYPT_COST,
    private readonly lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES,
  ) {
    this.insertOperator = db.prepare(
      'INSERT INTO operators (id, username, name, campus, password_hash, created_at, role, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.operatorByUsername = db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE username = ?');
    this.operatorById = db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ?');
    this.allOperators = db.prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY name, id');
    this.insertSession = db.prepare('INSERT INTO sessions (token_hash, operator_id, created_at, last_seen) VALUES (?, ?, ?, ?)');
    this.sessionByHash = db.prepare<[string], OperatorRow & { last_seen: number; signed_in_at: number }>(
      'SELECT o.*, s.last_seen, s.created_at AS signed_in_at FROM sessions s JOIN operators o ON o.id = s.operator_id WHERE s.token_hash = ?',
    );
    this.touchSession = db.prepare('UPDATE sessions SET last_seen = ? WHERE token_hash = ?');
    this.deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.deleteIdleSessions = db.prepare('DELETE FROM sessions WHERE last_seen < ? OR created_at < ?');
    this.deviceByHash = db.prepare<[string], { username: string; last_used: number }>(
      'SELECT o.username, d.last_used FROM devices d JOIN operators o ON o.id = d.operator_id WHERE d.token_hash = ?',
    );
    this.insertDevice = db.prepare('INSERT INTO devices (token_hash, operator_id, created_at, last_used) VALUES (?, ?, ?, ?)');
    this.touchDevice = db.prepare('UPDATE devices SET last_used = ? WHERE token_hash = ? AND operator_id = ? AND last_used >= ?');
    this.deleteIdleDevices = db.prepare('DELETE FROM devices WHERE last_used < ?');
    // Only if the hash is still the one just verified: a password changed meanwhile is left alone.
    this.upgradeHash = db.prepare('UPDATE operators SET password_hash = ? WHERE id = ? AND password_hash = ?');
    this.updateRole = db.prepare('UPDATE operators SET role = ? WHERE username = ?');
    this.changePassword = db.prepare('UPDATE operators SET password_hash = ?, must_change_password = 0 WHERE id = ? AND password_hash = ?');
    this.noteLogin = db.prepare('UPDATE operators SET last_login_at = ? WHERE id = ?');
  }

  /** Validated; throws DeskbellServerError (invalid_input, unknown_campus, duplicate_username). */
  addOperator(input: AddOperatorInput): Operator {
    const parsed = this.checkNew(input);
    return this.insertChecked(parsed, hashPassword(parsed.password, this.passwordCost));
  }

  /** The same, hashing off the event loop (the server's own paths): only the insert is synchronous. */
  async addOperatorAsync(input: AddOperatorInput, insert: (add: () => Operator) => Operator = (add) => add()): Promise<Operator> {
    const parsed = this.checkNew(input);
    const hash = await hashPasswordAsync(parsed.password, this.passwordCost);
    return insert(() => this.insertChecked(parsed, hash));
  }

  /** A new password hash at this store's cost, computed off the event loop. */
  hashNewPassword(password: string): Promise<string> {
    return hashPasswordAsync(password, this.passwordCost);
  }

  private checkNew(input: AddOperatorInput): z.infer<typeof AddOperatorInput> {
    const parsed = AddOperatorInput.safeParse(input);
    if (!parsed.success) throw new DeskbellServerError('invalid_input', `operator is invalid: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }

  private insertChecked(parsed: z.infer<typeof AddOperatorInput>, passwordHash: string): Operator {
    const { username, name, campus, role, mustChangePassword } = parsed;
    if (!this.campusIds.has(campus)) {
      throw new DeskbellServerError('unknown_campus', `unknown campus "${campus}"; known campuses: ${[...this.campusIds].join(', ')}`);
    }
    if (this.operatorByUsername.get(username)) {
      throw new DeskbellServerError('duplicate_username', `username "${username}" is already taken`);
    }
    const id = `op_${newId(9)}`;
    try {
      this.insertOperator.run(id, username, name, campus, passwordHash, this.now(), role, mustChangePassword ? 1 : 0);
    } catch (error) {
      // Another process (the CLI next to a running server) may have won the race.
      if (errorCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DeskbellServerError('duplicate_username', `username "${username}" is already taken`, { cause: error });
      }
      throw error;
    }
    return toOperator({ id, name, campus, role });
  }

  /**
   * Whether the account administers (an admin of its campus, or the head), read from the
   * database now (never from what a client sent); a disabled account administers nothing.
   */
  isAdmin(operatorId: string): boolean {
    const row = this.operatorById.get(operatorId);
    return row !== undefined && row.disabled_at === null && isAdministratorRole(row.role);
  }

  /** Make an account an admin or a librarian; false when there is no such username. */
  setRole(username: string, role: AccountRole): boolean {
    return this.updateRole.run(role, username.trim().toLowerCase()).changes > 0;
  }

  /**
   * Null for a wrong username or password (indistinguishable on purpose). Throws invalid_input on
   * a malformed request; with the right password, account_disabled for a disabled account and
   * password_change_required for a temporary password sent without a `newPassword` (which then
   * replaces it; given otherwise, it changes the password too). A success carries a device
   * token: the one given if it is this librarian's, else a new one.
   */
  async login(username: unknown, password: unknown, deviceToken?: string, newPassword?: string): Promise<LoginResponse | null> {
    const request = LoginRequest.safeParse({ username, password, deviceToken, newPassword });
    if (!request.success) throw new DeskbellServerError('invalid_input', `login is invalid: ${describeIssues(request.error)}`);
    const row = this.operatorByUsername.get(request.data.username.toLowerCase());
    if (!row) {
      await burnPasswordCheck(request.data.password, this.passwordCost);
      return null;
    }
    if (!(await verifyPassword(request.data.password, row.password_hash))) return null;
    // Only now, with the right password: the account's state is told to its owner alone.
    if (row.disabled_at !== null) throw new DeskbellServerError('account_disabled', 'this account is disabled: ask an administrator of your campus');
    const chosen = request.data.newPassword;
    if (row.must_change_password !== 0 && chosen === undefined) {
      throw new DeskbellServerError('password_change_required', 'this password was temporary: choose a new one to sign in');
    }
    if (chosen !== undefined) {
      if (chosen === request.data.password) throw new DeskbellServerError('invalid_input', 'the new password must differ from the old one');
      // Only if the hash is still the one just verified (an administrator's reset meanwhile wins).
      if (this.changePassword.run(await hashPasswordAsync(chosen, this.passwordCost), row.id, row.password_hash).changes !== 1) return null;
    } else if (weakerThan(row.password_hash, this.passwordCost)) {
      // A hash from before the cost was raised: redo it now, while the password is at hand.
      this.upgradeHash.run(await hashPasswordAsync(request.data.password, this.passwordCost), row.id, row.password_hash);
    }
    const token = newToken();
    const now = this.now();
    this.insertSession.run(sha256(token), row.id, now, now);
    this.noteLogin.run(now, row.id);
    return { token, operator: toOperator(row), deviceToken: this.keepDevice(row.id, request.data.deviceToken, now) };
  }

  /** Whether a username has an account: the sign-in gate's choice under a flood (never told to the client). */
  knowsUsername(username: string): boolean {
    return this.operatorByUsername.get(username.trim().toLowerCase()) !== undefined;
  }

  /**
   * The device a token names, if it belongs to this username and is still in use: the computer
   * is then one the librarian signed in from before. Null otherwise (unknown, someone else's, idle).
   */
  trustedDevice(deviceToken: string, username: string): string | null {
    const deviceId = sha256(deviceToken);
    const row = this.deviceByHash.get(deviceId);
    if (!row || row.username !== username.trim().toLowerCase() || row.last_used < this.now() - DEVICE_IDLE_MS) return null;
    return deviceId;
  }

  private keepDevice(operatorId: string, given: string | undefined, now: number): string {
    if (given) {
      const deviceId = sha256(given);
      if (this.touchDevice.run(now, deviceId, operatorId, now - DEVICE_IDLE_MS).changes === 1) return given;
    }
    const token = newToken();
    this.insertDevice.run(sha256(token), operatorId, now, now);
    return token;
  }

  /** The session a bearer token opens, or null when unknown, signed out, idle too long, past its lifetime, or its account disabled. */
  authenticate(token: string): SessionInfo | null {
    const sessionId = sha256(token);
    const row = this.sessionByHash.get(sessionId);
    if (!row) return null;
    const now = this.now();
    if (row.disabled_at !== null) return null;
    if (row.last_seen < now - this.lifetimes.idleMs || row.signed_in_at < now - this.lifetimes.maxMs) {
      this.deleteSession.run(sessionId);
      return null;
    }
    if (now - row.last_seen > LAST_SEEN_RESOLUTION_MS) this.touchSession.run(now, sessionId);
    return { operator: toOperator(row), sessionId };
  }

  /** Returns the ended session's id, or null if the token opened none. */
  logout(token: string): string | null {
    const sessionId = sha256(token);
    return this.deleteSession.run(sessionId).changes > 0 ? sessionId : null;
  }

  getOperator(id: string): Operator | null {
    const row = this.operatorById.get(id);
    return row ? toOperator(row) : null;
  }

  listOperators(): OperatorRecord[] {
    return this.allOperators.all().map((row) => ({ ...toOperator(row), username: row.username, createdAt: row.created_at }));
  }

  pruneIdleSessions(): number {
    const now = this.now();
    return this.deleteIdleSessions.run(now - this.lifetimes.idleMs, now - this.lifetimes.maxMs).changes + this.deleteIdleDevices.run(now - DEVICE_IDLE_MS).changes;
  }
}
