import type { IncomingMessage } from 'node:http';
import type { Admission, ConnectionLimiter } from '../platform/limits';
import type { AccountStore } from '../session/accounts';
import { bearerToken } from './http';

/**
 * Who may open an operator socket, decided at the upgrade. A desk sends its session token in the
 * upgrade's `Authorization: Bearer` header (the core's backend link does): a valid one opens a
 * place that no flood can take, counted in no cap. Anyone else is anonymous until hello: counted
 * per address and in total (`operatorPendingPerAddress`, `operatorPending`), apart from patrons'
 * sockets, and given only `operatorHelloTimeoutMs` to say hello. A flood of anonymous sockets from
 * many addresses (500 from 40 filled every place, and librarians signing in got 1013) then fills
 * only the anonymous places, for a couple of seconds each.
 */
export type OperatorAdmission =
  | {
      ok: true;
      /** The session the upgrade was opened with (its hello must name the same), or null for an anonymous socket. */
      sessionId: string | null;
      helloTimeoutMs: number;
      /** The socket said hello or closed: its anonymous place (if it held one) is free. Safe to call twice. */
      release(): void;
    }
  | { ok: false; admission: Exclude<Admission, 'ok'> };

export interface OperatorAdmissionDeps {
  accounts: Pick<AccountStore, 'authenticate'>;
  pending: ConnectionLimiter;
  /** How long an anonymous socket has to say hello. */
  helloTimeoutMs: number;
  /** How long a socket opened with a valid session has (it holds no anonymous place). */
  signedInHelloTimeoutMs: number;
}

export function admitOperatorSocket(req: IncomingMessage, address: string, deps: OperatorAdmissionDeps): OperatorAdmission {
  const token = bearerToken(req);
  const session = token ? deps.accounts.authenticate(token) : null;
  if (session) return { ok: true, sessionId: session.sessionId, helloTimeoutMs: deps.signedInHelloTimeoutMs, release: () => undefined };
  const admission = deps.pending.acquire(address);
  if (admission !== 'ok') return { ok: false, admission };
  let held = true;
  return {
    ok: true,
    sessionId: null,
    helloTimeoutMs: deps.helloTimeoutMs,
    release: () => {
      if (held) deps.pending.release(address);
      held = false;
    },
  };
}
