import type { IncomingMessage } from 'node:http';
import { LoginRequest } from '../../shared/session/schemas';
import { describeIssues } from '../platform/issues';
import { FailureMeter, KeyedBuckets, type Limits } from '../platform/limits';
import type { LogFn } from '../platform/log';
import { bearerToken, HttpError, readJsonBody, type Routes, sendJson } from '../transport/http';
import type { AccountStore } from './accounts';

export interface SessionRouteDeps {
  accounts: AccountStore;
  /** Sign-out ends the session's live streams too. */
  onLogout: (sessionId: string) => void;
  /** The address the sign-in limits count a request under (see ServerOptions.trustProxy). */
  clientAddress: (req: IncomingMessage) => string;
  limits: Pick<
    Limits,
    | 'loginPairBurst'
    | 'loginPairIntervalMs'
    | 'loginUsernameBurst'
    | 'loginUsernameIntervalMs'
    | 'loginAddressBurst'
    | 'loginAddressIntervalMs'
    | 'loginMaxDelayMs'
  >;
  log: LogFn;
  now: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sign-in throttling that bounds guessing without letting anyone lock a librarian out. Only
 * failures count. A guesser is refused per (address, username) pair, so a flood of failures
 * for one account, or for many accounts from one campus NAT, refuses only the pairs that
 * failed. Per username and per address, failures slow every further attempt (up to
 * loginMaxDelayMs) but never refuse it, so a colleague's right password still gets in. A
 * computer the librarian signed in from before (its device token) is exempt from all three and
 * has a budget of its own. Unknown usernames are treated exactly like real ones.
 */
class LoginThrottle {
  private readonly pairs: KeyedBuckets;
  private readonly devices: KeyedBuckets;
  private readonly usernames: FailureMeter;
  private readonly addresses: FailureMeter;

  constructor(limits: SessionRouteDeps['limits'], now: () => number) {
    this.pairs = new KeyedBuckets(limits.loginPairBurst, limits.loginPairIntervalMs, now);
    this.devices = new KeyedBuckets(limits.loginPairBurst, limits.loginPairIntervalMs, now);
    this.usernames = new FailureMeter(limits.loginUsernameBurst, limits.loginUsernameIntervalMs, limits.loginMaxDelayMs, now);
    this.addresses = new FailureMeter(limits.loginAddressBurst, limits.loginAddressIntervalMs, limits.loginMaxDelayMs, now);
  }

  /**
   * Reserve one attempt: throws 429 (with Retry-After) when this pair (or device) has failed
   * too often; otherwise waits as long as the username's and address's recent failures say.
   */
  async reserve(address: string, username: string, deviceId: string | null): Promise<{ failed(): void; succeeded(): void }> {
    if (deviceId) {
      if (!this.devices.take(deviceId)) throw tooMany(this.devices.retryAfterMs(deviceId), 'too many failed sign-ins for this user on this computer');
      return { failed: () => undefined, succeeded: () => this.devices.refund(deviceId) };
    }
    const pair = `${address}\n${username}`;
    if (!this.pairs.take(pair)) throw tooMany(this.pairs.retryAfterMs(pair), 'too many failed sign-ins for this user from your network');
    const wait = Math.max(this.usernames.delayMs(username), this.addresses.delayMs(address));
    if (wait > 0) await sleep(wait);
    return {
      failed: () => {
        this.usernames.fail(username);
        this.addresses.fail(address);
      },
      succeeded: () => this.pairs.refund(pair),
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
  /** One line per refused sign-in: who and from where, never the password or any token. */
  const refused = (reason: string, username: string, address: string, extra: Record<string, unknown> = {}) =>
    deps.log('warn', 'sign-in refused', { reason, username: username.slice(0, 64), address, ...extra });
  return {
    '/api/login': {
      POST: async (req, res) => {
        const address = deps.clientAddress(req);
        const body = await readJsonBody(req);
        const request = LoginRequest.safeParse(body);
        if (!request.success) {
          refused('invalid_request', '', address);
          throw new HttpError(400, 'invalid_request', `login is invalid: ${describeIssues(request.error)}`);
        }
        // Keyed as the account store matches usernames: trimmed, case-insensitive.
        const username = request.data.username.trim().toLowerCase();
        const deviceId = request.data.deviceToken ? deps.accounts.trustedDevice(request.data.deviceToken, username) : null;
        let attempt: Awaited<ReturnType<LoginThrottle['reserve']>>;
        try {
          attempt = await throttle.reserve(address, username, deviceId);
        } catch (error) {
          refused('throttled', username, address, { trustedDevice: deviceId !== null });
          throw error;
        }
        const session = await deps.accounts.login(request.data.username, request.data.password, request.data.deviceToken);
        if (!session) {
          attempt.failed();
          refused('wrong_username_or_password', username, address, { trustedDevice: deviceId !== null });
          throw new HttpError(401, 'unauthorized', 'wrong username or password');
        }
        attempt.succeeded();
        deps.log('info', 'signed in', { operatorId: session.operator.id, address, trustedDevice: deviceId !== null });
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
