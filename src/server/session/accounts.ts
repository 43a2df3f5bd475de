import { z } from 'zod';
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

/** Sessions unused this long stop working; the desktop client signs in again. */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60_000;
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

export const AddOperatorInput = z.object({
  username: Username,
  name: PersonName,
  campus: CampusId,
  password: z.string().min(8, 'password must be at least 8 characters').max(200, 'password is over 200 characters'),
  /** Admins edit the campus directory; everyone else is a librarian. */
  role: z.enum(['librarian', 'admin']).default('librarian'),
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
}

/** The role travels only when it is admin: a librarian's operator looks as it always has. */
const toOperator = (row: Pick<OperatorRow, 'id' | 'name' | 'campus' | 'role'>): Operator =>
  row.role === 'admin' ? { id: row.id, name: row.name, campus: row.campus, role: 'admin' } : { id: row.id, name: row.name, campus: row.campus };

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

  constructor(
    db: Db,
    private readonly campusIds: ReadonlySet<string>,
    private readonly now: () => number = Date.now,
    /** Cost of new password hashes; lowered only by tests that create many accounts. */
    private readonly passwordCost: ScryptCost = DEFAULT_SCRYPT_COST,
  ) {
    this.insertOperator = db.prepare(
      'INSERT INTO operators (id, username, name, campus, password_hash, created_at, role) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.operatorByUsername = db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE username = ?');
    this.operatorById = db.prepare<[string], OperatorRow>('SELECT * FROM operators WHERE id = ?');
    this.allOperators = db.prepare<[], OperatorRow>('SELECT * FROM operators ORDER BY name, id');
    this.insertSession = db.prepare('INSERT INTO sessions (token_hash, operator_id, created_at, last_seen) VALUES (?, ?, ?, ?)');
    this.sessionByHash = db.prepare<[string], OperatorRow & { last_seen: number }>(
      'SELECT o.*, s.last_seen FROM sessions s JOIN operators o ON o.id = s.operator_id WHERE s.token_hash = ?',
    );
    this.touchSession = db.prepare('UPDATE sessions SET last_seen = ? WHERE token_hash = ?');
    this.deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.deleteIdleSessions = db.prepare('DELETE FROM sessions WHERE last_seen < ?');
    this.deviceByHash = db.prepare<[string], { username: string; last_used: number }>(
      'SELECT o.username, d.last_used FROM devices d JOIN operators o ON o.id = d.operator_id WHERE d.token_hash = ?',
    );
    this.insertDevice = db.prepare('INSERT INTO devices (token_hash, operator_id, created_at, last_used) VALUES (?, ?, ?, ?)');
    this.touchDevice = db.prepare('UPDATE devices SET last_used = ? WHERE token_hash = ? AND operator_id = ? AND last_used >= ?');
    this.deleteIdleDevices = db.prepare('DELETE FROM devices WHERE last_used < ?');
    // Only if the hash is still the one just verified: a password changed meanwhile is left alone.
    this.upgradeHash = db.prepare('UPDATE operators SET password_hash = ? WHERE id = ? AND password_hash = ?');
    this.updateRole = db.prepare('UPDATE operators SET role = ? WHERE username = ?');
  }

  /** Validated; throws DeskbellServerError (invalid_input, unknown_campus, duplicate_username). */
  addOperator(input: AddOperatorInput): Operator {
    const parsed = AddOperatorInput.safeParse(input);
    if (!parsed.success) throw new DeskbellServerError('invalid_input', `operator is invalid: ${describeIssues(parsed.error)}`);
    const { username, name, campus, password, role } = parsed.data;
    if (!this.campusIds.has(campus)) {
      throw new DeskbellServerError('unknown_campus', `unknown campus "${campus}"; known campuses: ${[...this.campusIds].join(', ')}`);
    }
    if (this.operatorByUsername.get(username)) {
      throw new DeskbellServerError('duplicate_username', `username "${username}" is already taken`);
    }
    const id = `op_${newId(9)}`;
    try {
      this.insertOperator.run(id, username, name, campus, hashPassword(password, this.passwordCost), this.now(), role);
    } catch (error) {
      // Another process (the CLI next to a running server) may have won the race.
      if (errorCode(error) === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DeskbellServerError('duplicate_username', `username "${username}" is already taken`, { cause: error });
      }
      throw error;
    }
    return toOperator({ id, name, campus, role });
  }

  /** Whether the account may edit the directory, read from the database now (never from what a client sent). */
  isAdmin(operatorId: string): boolean {
    return this.operatorById.get(operatorId)?.role === 'admin';
  }

  /** Make an account an admin or a librarian; false when there is no such username. */
  setRole(username: string, role: 'librarian' | 'admin'): boolean {
    return this.updateRole.run(role, username.trim().toLowerCase()).changes > 0;
  }

  /**
   * Null for a wrong username or password (indistinguishable on purpose). Throws invalid_input on
   * a malformed request. A success carries a device token: the one given if it is this
   * librarian's, else a new one.
   */
  async login(username: unknown, password: unknown, deviceToken?: string): Promise<LoginResponse | null> {
    const request = LoginRequest.safeParse({ username, password, deviceToken });
    if (!request.success) throw new DeskbellServerError('invalid_input', `login is invalid: ${describeIssues(request.error)}`);
    const row = this.operatorByUsername.get(request.data.username.toLowerCase());
    if (!row) {
      await burnPasswordCheck(request.data.password, this.passwordCost);
      return null;
    }
    if (!(await verifyPassword(request.data.password, row.password_hash))) return null;
    // A hash from before the cost was raised: redo it now, while the password is at hand.
    if (weakerThan(row.password_hash, this.passwordCost)) {
      this.upgradeHash.run(await hashPasswordAsync(request.data.password, this.passwordCost), row.id, row.password_hash);
    }
    const token = newToken();
    const now = this.now();
    this.insertSession.run(sha256(token), row.id, now, now);
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

  /** The session a bearer token opens, or null when unknown, signed out or idle too long. */
  authenticate(token: string): SessionInfo | null {
    const sessionId = sha256(token);
    const row = this.sessionByHash.get(sessionId);
    if (!row) return null;
    const now = this.now();
    if (row.last_seen < now - SESSION_IDLE_MS) {
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
    return this.deleteIdleSessions.run(this.now() - SESSION_IDLE_MS).changes + this.deleteIdleDevices.run(this.now() - DEVICE_IDLE_MS).changes;
  }
}
