import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { AccountTarget, AddAccountRequest, SetCampusRequest, SetRoleRequest } from '../../shared/accounts/schemas';
import type { AckResult } from '../../shared/protocol';
import type { Outcome, ServerCapability, ServerContext } from '../capability';
import { errorData } from '../platform/log';
import type { Chats } from '../chats/chats';
import { describeIssues } from '../platform/issues';
import type { Presence } from '../presence/presence';
import type { SessionInfo } from '../session/accounts';
import type { Transfers } from '../transfers/transfers';
import { bearerToken, HttpError, readJsonBody, type Routes, sendJson } from '../transport/http';
import { AccountAdmin, AccountRefusal, type Changed, type Manager } from './account-admin';

/** How often the server looks for the command line's cut-offs (disable, reset-password, end-sessions in another process). */
const COMMAND_LINE_WATCH_MS = 2_000;
/** The actions that end an account's sessions (./account-admin.ts). */
const CUT_OFF_ACTIONS = ['account.disable', 'account.reset-password', 'account.end-sessions'] as const;

const STATUS: Record<AccountRefusal['code'], number> = { forbidden: 403, not_found: 404, invalid_request: 400, conflict: 409 };

/**
 * Librarian accounts managed in the app (`/api/accounts...`, administrators only; see
 * ./account-admin.ts for who may do what). An account whose sessions end (disabled, its password
 * reset, or its sessions ended) is cut off at once: its open desks close, it shows offline, and
 * the chats it held go back to their campus's queue by the transfers' own path.
 */
export class Accounts implements ServerCapability {
  readonly admin: AccountAdmin;
  private readonly newestAudit;
  private readonly commandLineCutOffs;
  private readonly operatorByUsername;
  private lastAudited = 0;
  private watch: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
    private readonly presence: Presence,
    private readonly transfers: Transfers,
  ) {
    this.admin = new AccountAdmin(ctx.db, ctx.accounts, (campus) => ctx.directory.get(campus) !== undefined, ctx.now);
    this.newestAudit = ctx.db.prepare<[], { id: number }>('SELECT MAX(id) AS id FROM audit_log');
    this.commandLineCutOffs = ctx.db.prepare<[number], { id: number; target: string }>(
      `SELECT id, target FROM audit_log WHERE id > ? AND actor_id IS NULL AND action IN (${CUT_OFF_ACTIONS.map((a) => `'${a}'`).join(', ')}) ORDER BY id`,
    );
    this.operatorByUsername = ctx.db.prepare<[string], string>('SELECT id FROM operators WHERE username = ?').pluck();
  }

  /** After a committed change: desks of ended sessions close, and what the librarian held goes back to a queue. */
  private followUp(changed: Changed): void {
    if (changed.endedSessions !== null) this.cutOff(changed.account.id);
  }

  private cutOff(operatorId: string): void {
    this.ctx.streams.dropOperator(operatorId);
    this.presence.cutOff(operatorId);
    this.transfers.declineOffersTo(operatorId, 'they were signed out by an administrator');
    this.requeueHeldBy(operatorId);
  }

  /** Start following the command line's cut-offs (another process: the audit log is how the server hears of them). */
  recover(): void {
    this.lastAudited = this.newestAudit.get()?.id ?? 0;
    this.watch = setInterval(() => this.followCommandLine(), COMMAND_LINE_WATCH_MS);
    this.watch.unref();
  }

  close(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
  }

  /** Accounts the command line disabled, reset or signed out since the last look: cut off here too. */
  followCommandLine(): void {
    try {
      for (const entry of this.commandLineCutOffs.all(this.lastAudited)) {
        this.lastAudited = entry.id;
        const operatorId = this.operatorByUsername.get(entry.target);
        if (operatorId !== undefined) this.cutOff(operatorId);
      }
    } catch (error) {
      this.ctx.log('error', "following the command line's account changes failed", errorData(error));
    }
  }

  /** Every chat the librarian holds goes back to its campus's queue, as if they had put it there. */
  private requeueHeldBy(operatorId: string): void {
    const operator = this.ctx.accounts.getOperator(operatorId);
    if (!operator) return;
    const afters: (() => void)[] = [];
    const now = this.ctx.now();
    this.ctx.db.transaction(() => {
      for (const chat of this.chats.store.openChats()) {
        if (chat.state !== 'claimed' || chat.claimed_by !== operatorId) continue;
        const outcome: Outcome<AckResult> = this.transfers.toQueue(operator, chat.id, chat.campus, `${operator.name} was signed out by an administrator.`, now);
        if (outcome.ok && outcome.after) afters.push(outcome.after);
        else if (!outcome.ok) this.ctx.log('error', 'a held chat could not go back to its queue', { chatId: chat.id, code: outcome.code });
      }
    })();
    for (const after of afters) this.ctx.runAfter(after);
  }

  readonly routes: Routes = {
    '/api/accounts': {
      GET: (req, res) => {
        const { manager, session } = this.managerOf(req);
        const accounts = this.admin.list(manager, (id) => this.presence.presenceOf(id));
        sendJson(res, 200, { accounts, you: { id: session.operator.id, role: manager.role, campus: session.operator.campus } });
      },
    },
    '/api/accounts/add': {
      POST: async (req, res) => {
        const { manager } = this.managerOf(req);
        const input = parse(AddAccountRequest, await readJsonBody(req));
        const added = await refusalsAsHttp(() => this.admin.add(manager, input));
        this.ctx.runAfter(() => {
          const operator = this.ctx.accounts.getOperator(added.account.id);
          if (operator) this.presence.operatorAdded(operator);
        });
        sendJson(res, 200, { account: this.view(added), temporaryPassword: added.temporaryPassword });
      },
    },
    '/api/accounts/disable': this.action(AccountTarget, (manager, { operatorId }) => this.admin.disable(manager, operatorId)),
    '/api/accounts/enable': this.action(AccountTarget, (manager, { operatorId }) => this.admin.enable(manager, operatorId)),
    '/api/accounts/end-sessions': this.action(AccountTarget, (manager, { operatorId }) => this.admin.endSessions(manager, operatorId)),
    '/api/accounts/role': this.action(SetRoleRequest, (manager, { operatorId, role }) => this.admin.setRole(manager, operatorId, role)),
    '/api/accounts/campus': this.action(SetCampusRequest, (manager, { operatorId, campus }) => this.admin.setCampus(manager, operatorId, campus)),
    '/api/accounts/reset-password': {
      POST: async (req, res) => {
        const { manager } = this.managerOf(req);
        const { operatorId } = parse(AccountTarget, await readJsonBody(req));
        const reset = await refusalsAsHttp(() => this.admin.resetPassword(manager, operatorId));
        this.ctx.runAfter(() => this.followUp(reset));
        sendJson(res, 200, { account: this.view(reset), temporaryPassword: reset.temporaryPassword });
      },
    },
  };

  /** A route for one action on one account: who asks, what they ask, the change, then its follow-up. */
  private action<S extends z.ZodType>(schema: S, act: (manager: Manager, input: z.infer<S>) => Changed): Routes[string] {
    return {
      POST: async (req, res) => {
        const { manager } = this.managerOf(req);
        const input = parse(schema, await readJsonBody(req));
        const changed = await refusalsAsHttp(async () => act(manager, input));
        this.ctx.runAfter(() => this.followUp(changed));
        sendJson(res, 200, { account: this.view(changed) });
      },
    };
  }

  private view(changed: Changed) {
    return { ...changed.account, presence: this.presence.presenceOf(changed.account.id) };
  }

  /** The signed-in administrator behind a request, read from the database now. */
  managerOf(req: IncomingMessage): { manager: Manager; session: SessionInfo } {
    const token = bearerToken(req);
    const session: SessionInfo | null = token ? this.ctx.accounts.authenticate(token) : null;
    if (!session) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <session token>');
    try {
      return { manager: this.admin.manager(session.operator.id), session };
    } catch (error) {
      if (error instanceof AccountRefusal) throw new HttpError(403, 'forbidden', error.message);
      throw error;
    }
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `the request is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

async function refusalsAsHttp<T>(act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof AccountRefusal) {
      throw new HttpError(STATUS[error.code], error.code === 'invalid_request' ? 'invalid_request' : error.code, error.message);
    }
    throw error;
  }
}

