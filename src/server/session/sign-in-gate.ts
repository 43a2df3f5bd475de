import type { LoginResponse } from '../../shared/session/schemas';
import { FailureMeter, KeyedBuckets, type Limits } from '../platform/limits';
import { HttpError } from '../transport/http';
import { CheckLanes, CheckLanesFull } from './check-lanes';

export type SignInGateLimits = Pick<
  Limits,
  | 'loginPairBurst'
  | 'loginPairIntervalMs'
  | 'loginUsernameBurst'
  | 'loginUsernameIntervalMs'
  | 'loginAddressBurst'
  | 'loginAddressIntervalMs'
  | 'loginMaxDelayMs'
  | 'loginHashConcurrency'
  | 'loginMaxWaitMs'
  | 'loginWaitingPerAddress'
>;

export interface SignInGateDeps {
  limits: SignInGateLimits;
  /** Whether a username has an account: decides, for a flooded address only, who still gets a password check. */
  knowsUsername(username: string): boolean;
  now: () => number;
}

export interface SignInAttempt {
  address: string;
  /** Trimmed and lowercased, as the account store matches it. */
  username: string;
  /** The device this librarian signed in from before, or null. */
  deviceId: string | null;
}

export type SignInRefusal = 'throttled' | 'busy' | 'wrong_username_or_password';
export type SignInOutcome = { ok: true; session: LoginResponse } | { ok: false; reason: SignInRefusal; error: HttpError };

/** However many failures an address had, its penalty ends this long after they stop. */
const ADDRESS_PENALTY_CAP_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tooMany(retryAfterMs: number, why: string): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(429, 'rate_limited', `${why}; try again in ${seconds} s`, { 'Retry-After': String(seconds) });
}

const FLOODED = 'too many failed sign-ins from this network';

/**
 * Who gets a password check, and when. Only failures count, and a sign-in is never held for more
 * than a few seconds: it is answered at once (429, Retry-After, the seconds in the words) when
 * it cannot be checked soon.
 *
 * - A desk that signed in before (its device token) has its own budget and the first lane for
 *   the checks: no failure by anyone else slows or refuses it.
 * - A guesser is refused per (address, username) pair.
 * - An address whose failures (and attempts refused for want of a place in the lanes) pass its
 *   burst (a flood, or a campus NAT with a guesser behind it) is flooded: a username without an account is refused at once, after as long as a check
 *   takes lately, with no check; a username with one is still checked (in turn with the pair's
 *   budget), and a wrong password then gets the same refusal. So a flood of random names costs
 *   no hashing and keeps no librarian out, and the answers do not say which names exist. The
 *   penalty ends at most a minute after the failures stop.
 * - Failures for one username from anywhere slow its next attempts a little (loginMaxDelayMs).
 */
export class SignInGate {
  private readonly pairs: KeyedBuckets;
  private readonly devices: KeyedBuckets;
  private readonly usernames: FailureMeter;
  private readonly addresses: FailureMeter;
  readonly lanes: CheckLanes;

  constructor(private readonly deps: SignInGateDeps) {
    const { limits, now } = deps;
    this.pairs = new KeyedBuckets(limits.loginPairBurst, limits.loginPairIntervalMs, now);
    this.devices = new KeyedBuckets(limits.loginPairBurst, limits.loginPairIntervalMs, now);
    this.usernames = new FailureMeter(limits.loginUsernameBurst, limits.loginUsernameIntervalMs, limits.loginMaxDelayMs, now);
    this.addresses = new FailureMeter(limits.loginAddressBurst, limits.loginAddressIntervalMs, limits.loginMaxDelayMs, now, undefined, ADDRESS_PENALTY_CAP_MS / limits.loginAddressIntervalMs);
    this.lanes = new CheckLanes({ concurrency: limits.loginHashConcurrency, maxWaitMs: limits.loginMaxWaitMs, waitingPerAddress: limits.loginWaitingPerAddress }, now);
  }

  /** Check the password (`check`: null when wrong) if and when this attempt may be checked. */
  async signIn(attempt: SignInAttempt, check: () => Promise<LoginResponse | null>): Promise<SignInOutcome> {
    return attempt.deviceId ? this.fromKnownDevice(attempt, attempt.deviceId, check) : this.fromNewDevice(attempt, check);
  }

  private async fromKnownDevice(attempt: SignInAttempt, deviceId: string, check: () => Promise<LoginResponse | null>): Promise<SignInOutcome> {
    if (!this.devices.take(deviceId)) {
      return refusal('throttled', tooMany(this.devices.retryAfterMs(deviceId), 'too many failed sign-ins for this user on this computer'));
    }
    const session = await this.checked('trusted', attempt.address, check);
    if (session instanceof HttpError) return refusal('busy', session);
    if (!session) return refusal('wrong_username_or_password', wrongPassword());
    this.devices.refund(deviceId);
    return { ok: true, session };
  }

  private async fromNewDevice(attempt: SignInAttempt, check: () => Promise<LoginResponse | null>): Promise<SignInOutcome> {
    const { address, username } = attempt;
    const pair = `${address}\n${username}`;
    if (!this.pairs.take(pair)) return refusal('throttled', tooMany(this.pairs.retryAfterMs(pair), 'too many failed sign-ins for this user from your network'));
    const flooded = this.addresses.over(address);
    const floodedRefusal = () => tooMany(this.addresses.msUntilFree(address), FLOODED);
    if (flooded && !this.deps.knowsUsername(username)) {
      // Answered as late as a real check would be, so the refusal does not tell that the name has no account.
      await sleep(Math.min(this.lanes.typicalMs, this.deps.limits.loginMaxWaitMs));
      this.pairs.refund(pair);
      return refusal('throttled', floodedRefusal());
    }
    const wait = this.usernames.delayMs(username);
    if (wait > 0) await sleep(wait);
    const session = await this.checked('open', address, check);
    if (session instanceof HttpError) {
      // Counted like a failure: a flood that only ever fills the lanes must still mark its address as flooded.
      this.addresses.fail(address);
      this.pairs.refund(pair);
      return refusal('busy', session);
    }
    if (!session) {
      this.usernames.fail(username);
      this.addresses.fail(address);
      return refusal('wrong_username_or_password', flooded ? floodedRefusal() : wrongPassword());
    }
    this.pairs.refund(pair);
    return { ok: true, session };
  }

  /** The check's answer, or the 429 to give when it could not be checked in time. */
  private async checked(lane: 'trusted' | 'open', address: string, check: () => Promise<LoginResponse | null>): Promise<LoginResponse | null | HttpError> {
    try {
      return await this.lanes.run(lane, address, check);
    } catch (error) {
      if (error instanceof CheckLanesFull) return tooMany(error.retryAfterMs, 'too many sign-ins are being checked right now');
      throw error;
    }
  }
}

const refusal = (reason: SignInRefusal, error: HttpError): SignInOutcome => ({ ok: false, reason, error });
const wrongPassword = () => new HttpError(401, 'unauthorized', 'wrong username or password');
