import type { IncomingMessage } from 'node:http';
import { LoginRequest } from '../../shared/session/schemas';
import { describeIssues } from '../platform/issues';
import { KeyedBuckets, type Limits } from '../platform/limits';
import { bearerToken, HttpError, readJsonBody, type Routes, sendJson } from '../transport/http';
import type { AccountStore } from './accounts';

export interface SessionRouteDeps {
  accounts: AccountStore;
  /** Sign-out ends the session's live streams too. */
  onLogout: (sessionId: string) => void;
  /** The address the per-address sign-in budget counts a request under (see ServerOptions.trustProxy). */
  clientAddress: (req: IncomingMessage) => string;
  limits: Pick<Limits, 'loginAddressBurst' | 'loginAddressIntervalMs' | 'loginUsernameBurst' | 'loginUsernameIntervalMs'>;
  now: () => number;
}

/**
 * Sign-in budgets that bound password guessing: per client address (guessing across many
 * accounts) and per username (guessing one account from many addresses). Both count failures
 * only: a token is taken before the password is checked and given back when it was right, so
 * colleagues signing in through one campus NAT or proxy never use up each other's budget.
 * Unknown usernames are throttled exactly like real ones, so a 429 reveals nothing.
 */
class LoginThrottle {
  private readonly byAddress: KeyedBuckets;
  private readonly byUsername: KeyedBuckets;

  constructor(limits: SessionRouteDeps['limits'], now: () => number) {
    this.byAddress = new KeyedBuckets(limits.loginAddressBurst, limits.loginAddressIntervalMs, now);
    this.byUsername = new KeyedBuckets(limits.loginUsernameBurst, limits.loginUsernameIntervalMs, now);
  }

  /** Reserve one attempt; throws 429 (with Retry-After) when either budget is spent. */
  reserve(address: string, username: string): { succeeded(): void } {
    if (!this.byAddress.take(address)) throw tooMany(this.byAddress.retryAfterMs(address), 'too many failed sign-ins from your network');
    if (!this.byUsername.take(username)) {
      this.byAddress.refund(address);
      throw tooMany(this.byUsername.retryAfterMs(username), 'too many failed sign-ins for this username');
    }
    return {
      succeeded: () => {
        this.byAddress.refund(address);
        this.byUsername.refund(username);
      },
    };
  }
}

function tooMany(retryAfterMs: number, why: string): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(429, 'rate_limited', `${why}; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
}

/** Sign-in and sign-out over HTTP; the session token then opens the operator socket. */
export function sessionRoutes(deps: SessionRouteDeps): Routes {
  const throttle = new LoginThrottle(deps.limits, deps.now);
  return {
    '/api/login': {
      POST: async (req, res) => {
        const body = await readJsonBody(req);
        const request = LoginRequest.safeParse(body);
        if (!request.success) throw new HttpError(400, 'invalid_request', `login is invalid: ${describeIssues(request.error)}`);
        // Keyed as the account store matches usernames: trimmed, case-insensitive.
        const attempt = throttle.reserve(deps.clientAddress(req), request.data.username.toLowerCase());
        const session = await deps.accounts.login(request.data.username, request.data.password);
        if (!session) throw new HttpError(401, 'unauthorized', 'wrong username or password');
        attempt.succeeded();
        sendJson(res, 200, session);
      },
    },
    '/api/logout': {
      POST: (req, res) => {
        const token = bearerToken(req);
        if (!token) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <token>');
        const sessionId = deps.accounts.logout(token);
        if (!sessionId) throw new HttpError(401, 'unauthorized', 'unknown or already ended session');
        deps.onLogout(sessionId);
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
      },
    },
  };
}
