import type { IncomingMessage } from 'node:http';
import { LoginRequest } from '../../shared/session/schemas';
import { describeIssues } from '../platform/issues';
import type { LogFn } from '../platform/log';
import { bearerToken, HttpError, readJsonBody, type Routes, sendJson } from '../transport/http';
import type { AccountStore } from './accounts';
import { refusalsAsHttp } from './login-refusals';
import { SignInGate, type SignInGateLimits } from './sign-in-gate';

export interface SessionRouteDeps {
  accounts: AccountStore;
  /** Sign-out ends the session's live streams too. */
  onLogout: (sessionId: string) => void;
  /** The address the sign-in limits count a request under (see ServerOptions.trustProxy). */
  clientAddress: (req: IncomingMessage) => string;
  limits: SignInGateLimits;
  log: LogFn;
  now: () => number;
}

/** Sign-in and sign-out over HTTP; the session token then opens the operator socket. */
export function sessionRoutes(deps: SessionRouteDeps): Routes {
  const gate = new SignInGate({ limits: deps.limits, now: deps.now, knowsUsername: (username) => deps.accounts.knowsUsername(username) });
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
        const { password, deviceToken, newPassword } = request.data;
        const outcome = await gate.signIn({ address, username, deviceId }, () =>
          refusalsAsHttp(() => deps.accounts.login(request.data.username, password, deviceToken, newPassword)),
        );
        if (!outcome.ok) {
          refused(outcome.reason, username, address, { trustedDevice: deviceId !== null });
          throw outcome.error;
        }
        const { session } = outcome;
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
