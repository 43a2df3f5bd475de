import type { Command } from '../../../shared/desk/events';
import { deskSnapshot } from '../../../shared/desk/reduce';
import { emptyDesk } from '../../../shared/desk/state';
import type { Presence } from '../../../shared/presence/schemas';
import type { AckResult, ErrorCode } from '../../../shared/protocol';
import { MAX_UNSENT_LINES, type SessionView } from '../../../shared/session/calls';
import { LoginResponse, type Operator } from '../../../shared/session/schemas';
import type { CallHandlers, CoreContext } from '../capability';
import { lockedRefusal } from '../settings/calls';
import { BackendLink, type LinkOptions, type LinkState } from '../backend-link/backend-link';
import { CommandError } from '../backend-link/outbox';
import type { DeviceTokenStore, EmbeddedBackend, SavedSession, TokenStore } from '../ports';
import { withDeadline } from '../deadline';
import { DeviceTokens } from './device-tokens';
import { causeCode, isErrorNamed, isRecord, messageOf } from '../../../shared/narrow';

export interface SessionDeps {
  tokenStore: TokenStore;
  /** The in-process backend, whose desk operator is signed in without a person. */
  embedded: EmbeddedBackend | null;
  /** Link tuning (heartbeat, backoff) for tests. */
  linkTuning?: Pick<LinkOptions, 'heartbeatMs' | 'backoffBaseMs' | 'backoffCapMs' | 'commandDeadlineMs'>;
  /** The presence the session view shows (the presence capability decides it). */
  presence(): Presence;
  /** The backend the app was started for (launch option or environment), if any. */
  configuredBackendUrl?: string | null;
}

type SessionCall = 'session.get' | 'session.signIn' | 'session.signOut' | 'desk.subscribe';

/** A request to the backend (sign-in, a GET or POST of a capability) and the reading of its answer. */
const BACKEND_DEADLINE_MS = 10_000;
/** Telling the backend of a sign-out: the token is gone from this PC either way. */
const SIGN_OUT_DEADLINE_MS = 5_000;

/** How a POST's refusal reaches the renderer, by HTTP status (the backend's words come with it). */
const POST_REFUSALS: Partial<Record<number, ErrorCode>> = { 400: 'invalid_frame', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 429: 'rate_limited' };

/** A sign-in refused with the right password (a disabled account, a temporary password) or a new password that breaks the rules. */
async function signInRefusal(response: Response): Promise<CommandError> {
  const body: unknown = await response.json().catch(() => null);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const message = typeof error.message === 'string' && error.message !== '' ? error.message.slice(0, 300) : `sign-in refused (HTTP ${response.status})`;
  if (error.code === 'account_disabled') return new CommandError('account_disabled', 'this account is disabled: ask an administrator of your campus');
  if (error.code === 'password_change_required') return new CommandError('password_change_required', 'this password was temporary: choose your own to sign in');
  return new CommandError(response.status === 400 ? 'invalid_frame' : 'forbidden', message);
}

/** The backend's own words for a refusal (its JSON error body), else `fallback`. */
async function backendMessage(response: Response, fallback: string): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const message = isRecord(body) && isRecord(body.error) ? body.error.message : undefined;
  return typeof message === 'string' && message.length > 0 ? message.slice(0, 300) : fallback;
}

/** An answer's JSON body; a body that is not JSON is the backend's fault. */
function readJson(response: Response): Promise<unknown> {
  return response.json().catch(() => {
    throw new CommandError('internal', 'the backend answered with a body that is not JSON');
  });
}

/**
 * Who is signed in, and the link to their backend: sign-in and sign-out, resuming a saved
 * session, the link's lifecycle, the backend's clock, and signing in again by itself where no
 * person is needed (the embedded backend). Desk events from the link go to the shared reducer.
 */
export class Session {
  private saved: SavedSession | null = null;
  private link: BackendLink | null = null;
  private linkState: LinkState | 'signed_out' = 'signed_out';
  private linkError: string | null = null;
  private clockOffsetMs = 0;
  private reauthAttempts = 0;
  private stopped = false;
  private readonly devices: DeviceTokenStore;
  /** The librarian the capabilities last heard of (see CoreEvents.librarian). */
  private librarianId: string | null = null;
  /** The backend this desk signs in to: kept after a sign-out, so the next librarian's form is filled in. */
  private lastBackendUrl: string | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly deps: SessionDeps,
  ) {
    this.devices = deps.tokenStore.deviceTokens ?? new DeviceTokens(ctx.dataDir, ctx.log);
    ctx.on('subscribed', () => this.announce());
  }

  /** The backend's clock: the local clock plus the offset the link measures on every heartbeat. */
  now(): number {
    return this.link ? this.link.serverNow() : Date.now();
  }

  me(): Operator | null {
    return this.saved?.operator ?? null;
  }

  /** The backend and the session's token, for its HTTP endpoints (the FAQ changes feed); null when signed out. */
  backendAccess(): { url: string; token: string } | null {
    return this.saved ? { url: this.saved.backendUrl, token: this.saved.token } : null;
  }

  get online(): boolean {
    return this.linkState === 'online';
  }

  /** Tell the backend the librarian is typing in a chat (dropped while offline; never queued). */
  sendTyping(chatId: string, typing: boolean): boolean {
    return this.link?.sendTyping(chatId, typing) ?? false;
  }

  /** Send a command to the backend; resolves on its ack, waits in the outbox while offline. */
  command(cmd: Command): Promise<AckResult> {
    if (!this.link) return Promise.reject(new CommandError('unauthorized', 'sign in first'));
    return this.link.send(cmd);
  }

  /**
   * GET a path of the signed-in backend with the session's token; the parsed JSON body.
   * Failures are typed: offline (unreachable, timed out), unauthorized, not_found, internal.
   */
  async backendGet(path: string): Promise<unknown> {
    return this.askBackend(path, {}, async (response) => {
      if (response.status === 401) throw new CommandError('unauthorized', 'the backend no longer accepts this session');
      if (response.status === 404) throw new CommandError('not_found', await backendMessage(response, 'not found'));
      if (response.status === 403) throw new CommandError('forbidden', await backendMessage(response, 'not allowed for this account'));
      if (!response.ok) throw new CommandError('internal', `the backend answered HTTP ${response.status}`);
      return readJson(response);
    });
  }

  /**
   * POST a JSON body to a path of the signed-in backend with the session's token; the parsed JSON
   * answer. Failures are typed as backendGet's, plus invalid_frame (400) and conflict (409).
   */
  async backendPost(path: string, body: unknown): Promise<unknown> {
    return this.askBackend(path, { method: 'POST', contentType: 'application/json', body: JSON.stringify(body) }, async (response) => {
      const refusal = POST_REFUSALS[response.status];
      if (refusal) throw new CommandError(refusal, await backendMessage(response, 'the backend refused this'));
      if (!response.ok) throw new CommandError('internal', `the backend answered HTTP ${response.status}`);
      return readJson(response);
    });
  }

  /**
   * One request to the signed-in backend with the session's token, and the reading of its answer,
   * within one 10 s deadline that ends with them (a desk asks for a chat's history at every claim).
   */
  private async askBackend(path: string, request: { method?: 'POST'; contentType?: string; body?: string }, read: (response: Response) => Promise<unknown>): Promise<unknown> {
    const saved = this.saved;
    if (!saved) throw new CommandError('unauthorized', 'sign in first');
    const headers: Record<string, string> = { authorization: `Bearer ${saved.token}` };
    if (request.contentType) headers['content-type'] = request.contentType;
    return withDeadline(BACKEND_DEADLINE_MS, async (signal) => {
      let response: Response;
      try {
        response = await fetch(`${saved.backendUrl}${path}`, { method: request.method ?? 'GET', headers, body: request.body, signal });
      } catch (error) {
        throw new CommandError('offline', `cannot reach the backend: ${messageOf(error)}`);
      }
      return read(response);
    });
  }

  /** Resume a saved session, if there is one for this backend. */
  async resume(backendUrl: string): Promise<boolean> {
    this.lastBackendUrl = backendUrl;
    const saved = await this.deps.tokenStore.load();
    if (!saved || saved.backendUrl !== backendUrl) return false;
    this.connect(saved);
    return true;
  }

  /** Sign in the embedded backend's desk operator, and keep the session for next time. */
  async signInEmbedded(): Promise<void> {
    const embedded = this.deps.embedded;
    if (!embedded) throw new Error('no embedded backend');
    const login = await embedded.signInDeskOperator();
    await this.adopt({ backendUrl: embedded.url, token: login.token, operator: login.operator });
  }

  private async adopt(saved: SavedSession): Promise<void> {
    await this.deps.tokenStore.save(saved);
    this.connect(saved);
  }

  /** Sign in with a password against the backend's HTTP login. */
  async signIn(backendUrl: string, username: string, password: string, newPassword?: string): Promise<SessionView> {
    const base = backendUrl.replace(/\/+$/, '');
    const itBackend = this.ctx.machine.value('backendUrl');
    // IT locked the backend: the form cannot point this desk anywhere else.
    if (this.ctx.machine.isLocked('backendUrl') && itBackend !== undefined && base !== itBackend.replace(/\/+$/, '')) throw lockedRefusal('backendUrl');
    const deviceToken = await this.devices.get(base, username);
    const parsed = await withDeadline(BACKEND_DEADLINE_MS, async (signal) => {
      let response: Response;
      try {
        response = await fetch(`${base}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password, deviceToken, newPassword }),
          signal,
        });
      } catch (error) {
        const why = isErrorNamed(error, 'TimeoutError') ? `no answer within ${BACKEND_DEADLINE_MS / 1000} s` : (causeCode(error) ?? messageOf(error));
        throw new CommandError('offline', `cannot reach ${base} (${why}): check the address and the network`);
      }
      if (response.status === 401) throw new CommandError('unauthorized', 'user name or password is wrong');
      if (response.status === 429) throw new CommandError('rate_limited', await backendMessage(response, 'too many sign-in attempts: wait a moment and try again'));
      if (response.status === 403 || response.status === 400) throw await signInRefusal(response);
      if (!response.ok) throw new CommandError('internal', `sign-in failed with HTTP ${response.status}`);
      return LoginResponse.safeParse(await response.json().catch(() => null));
    });
    if (!parsed.success) throw new CommandError('internal', 'the backend answered sign-in with an unexpected body');
    await this.devices.set(base, username, parsed.data.deviceToken);
    await this.adopt({ backendUrl: base, token: parsed.data.token, operator: parsed.data.operator });
    return this.view();
  }

  /**
   * Sign out (or "switch librarian" on a shared desk PC): the session ends on the server, the
   * saved token is removed, and every capability forgets what it kept of this librarian.
   */
  async signOut(): Promise<void> {
    const saved = this.saved;
    this.disconnect();
    // The backend is told even if the keychain fails to forget the token.
    const cleared = this.deps.tokenStore.clear().then(
      () => null,
      (error: unknown) => error,
    );
    if (saved) {
      const ended = await withDeadline(SIGN_OUT_DEADLINE_MS, (signal) =>
        fetch(`${saved.backendUrl}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${saved.token}` }, signal }),
      ).then(
        (response) => response.ok || response.status === 401,
        () => false,
      );
      // The token is gone from this PC either way; the backend forgets it when it expires.
      if (!ended) this.ctx.log('warn', 'the backend could not be told of the sign-out', { backendUrl: saved.backendUrl });
    }
    const failed = await cleared;
    if (failed !== null) throw failed;
  }

  view(): SessionView {
    return {
      status: this.linkState === 'unauthorized' || this.linkState === 'stopped' ? 'signed_out' : this.linkState,
      operator: this.saved?.operator ?? null,
      backendUrl: this.saved?.backendUrl ?? this.lastBackendUrl,
      configuredBackendUrl: this.saved?.backendUrl ?? this.lastBackendUrl ?? this.deps.configuredBackendUrl ?? null,
      embedded: this.deps.embedded !== null,
      presence: this.deps.presence(),
      clockOffsetMs: this.clockOffsetMs,
      error: this.linkError,
      pending: this.link?.pending ?? 0,
      unsent: this.link?.unsentLines(MAX_UNSENT_LINES) ?? [],
      timing: this.ctx.timing,
    };
  }

  /** After a resume or a wall-clock jump: a fresh socket. */
  reconnectNow(): void {
    this.link?.reconnectNow();
  }

  stop(): void {
    this.stopped = true;
    this.link?.stop();
    this.link = null;
  }

  readonly calls: CallHandlers<SessionCall> = {
    'session.get': async () => this.view(),
    'session.signIn': async ({ backendUrl, username, password, newPassword }) => this.signIn(backendUrl, username, password, newPassword),
    'session.signOut': async () => {
      await this.signOut();
      return this.view();
    },
    'desk.subscribe': async () => {
      this.ctx.fire('subscribed');
      this.ctx.emit({ type: 'desk', action: { type: 'snapshot', snapshot: deskSnapshot(this.ctx.desk(), this.now()) } });
      return {};
    },
  };

  private announce(): void {
    this.ctx.emit({ type: 'session', session: this.view() });
  }

  /** Something in the session changed: the renderer and every capability hear of it. */
  private changed(): void {
    this.announce();
    this.ctx.fire('session');
  }

  private connect(saved: SavedSession): void {
    this.disconnect();
    this.saved = saved;
    this.lastBackendUrl = saved.backendUrl;
    // Only the current link speaks: a stopped or replaced one is ignored, whatever it still says.
    const current = () => this.link === link;
    const link: BackendLink = new BackendLink(
      { ...this.deps.linkTuning, backendUrl: saved.backendUrl, token: saved.token, log: this.ctx.log },
      {
        action: (action) => {
          if (current()) this.ctx.apply(action);
        },
        state: (state, detail) => {
          if (!current()) return;
          if (state === 'unauthorized') return void this.lostSession(detail.error ?? 'signed out by the backend');
          this.linkState = state;
          this.linkError = detail.error;
          this.clockOffsetMs = this.now() - Date.now();
          if (detail.operator && this.saved) this.saved = { ...this.saved, operator: detail.operator };
          if (state === 'online') this.reauthAttempts = 0;
          this.changed();
        },
        // "Connected · 2 unsent" must always be the true count: each ack changes it.
        pending: () => {
          if (current()) this.announce();
        },
        typing: (chatId, typing, at) => {
          if (current()) this.ctx.emit({ type: 'typing', chatId, typing, at });
        },
        clock: () => {
          if (!current()) return;
          // The renderer's timers use this offset; tell it, and re-decide alerts, when it really moved.
          const offset = this.now() - Date.now();
          if (Math.abs(offset - this.clockOffsetMs) < 1_000) return;
          this.clockOffsetMs = offset;
          this.changed();
        },
      },
    );
    this.link = link;
    this.linkState = 'connecting';
    this.librarianChanged();
    link.start();
  }

  /** Tell the capabilities when the librarian changes, so nothing of one is kept for the next. */
  private librarianChanged(): void {
    const id = this.saved?.operator.id ?? null;
    if (id === this.librarianId) return;
    const previous = this.librarianId;
    this.librarianId = id;
    this.ctx.fire('librarian', id, previous);
  }

  /**
   * The backend refused our session: forget it and the desk (a stale board must not keep
   * ringing), then sign in again where that is possible without a person (the embedded backend).
   */
  private async lostSession(reason: string): Promise<void> {
    this.disconnect();
    this.linkError = reason;
    await this.deps.tokenStore.clear();
    this.announce();
    if (!this.deps.embedded) return;
    // Backing off: a backend that keeps refusing must not be hammered with sign-ins.
    const delay = Math.min(30_000, 1_000 * 2 ** this.reauthAttempts++);
    await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.saved || this.stopped) return; // signed in another way, or shutting down, meanwhile
    try {
      await this.signInEmbedded();
    } catch (error) {
      this.ctx.log('error', 'could not sign in again', { error: String(error) });
    }
  }

  private disconnect(): void {
    // Forget the session before stopping the link, so nothing can still ring for it meanwhile.
    const link = this.link;
    this.link = null;
    this.saved = null;
    link?.stop();
    this.linkState = 'signed_out';
    this.linkError = null;
    this.ctx.apply({ type: 'snapshot', snapshot: deskSnapshot(emptyDesk, Date.now()) });
    this.changed();
    this.librarianChanged();
  }
}
