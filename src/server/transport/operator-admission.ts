import type { IncomingMessage } from 'node:http';
import type { Admission, ConnectionLimiter } from '../platform/limits';
import type { AccountStore } from '../session/accounts';
import { bearerToken } from './http';

/**
 * Who may open an operator socket, decided at the upgrade. A desk sends its session token in the
 * upgrade's `Authorization: Bearer` header (the core's backend link does): a valid one opens a
 * place that no flood can take, counted in no cap (up to KEPT_PLACES_PER_SESSION at once before
 * hello; more with one session count as anonymous). Anyone else is anonymous until hello: counted
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

/**
 * Sockets opened with one session and not yet past hello, kept places at most: a desk opens one
 * at a time, so only a token used to hoard sockets meets it, and its extra ones are anonymous.
 */
export const KEPT_PLACES_PER_SESSION = 4;

export interface OperatorAdmissionDeps {
  accounts: Pick<AccountStore, 'authenticate'>;
  pending: ConnectionLimiter;
  /** How long an anonymous socket has to say hello. */
  helloTimeoutMs: number;
  /** How long a socket opened with a valid session has (it holds no anonymous place). */
  signedInHelloTimeoutMs: number;
}

/** Admits operator sockets at the upgrade; one per server (it counts the kept places in use). */
export function operatorAdmission(deps: OperatorAdmissionDeps): (req: IncomingMessage, address: string) => OperatorAdmission {
  const kept = new Map<string, number>();
  return (req, address) => {
    const token = bearerToken(req);
    const session = token ? deps.accounts.authenticate(token) : null;
    const inUse = session ? (kept.get(session.sessionId) ?? 0) : 0;
    if (!session || inUse >= KEPT_PLACES_PER_SESSION) return anonymous(address, deps);
    const { sessionId } = session;
    kept.set(sessionId, inUse + 1);
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      const left = (kept.get(sessionId) ?? 1) - 1;
      if (left > 0) kept.set(sessionId, left);
      else kept.delete(sessionId);
    };
    return { ok: true, sessionId, helloTimeoutMs: deps.signedInHelloTimeoutMs, release };
  };
}

function anonymous(address: string, deps: OperatorAdmissionDeps): OperatorAdmission {
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
