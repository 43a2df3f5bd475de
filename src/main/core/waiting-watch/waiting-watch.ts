import { WaitingFeed } from '../../../shared/waiting-feed/schemas';
import type { WaitingChat } from '../alerts/alert-scheduler';
import type { CoreContext } from '../capability';

export interface WaitingWatchOptions {
  /** The feed IT named (backend and key), or null: the desk is silent while nobody is signed in. */
  feed: { backendUrl: string; key: string } | null;
  /** How often to ask while nobody is signed in. */
  intervalMs?: number;
  /** How often to ask again after the backend refused the key. */
  refusedRetryMs?: number;
}

const DEFAULT_INTERVAL_MS = 2_000;
/** A refused key does not fix itself: ask again only this often (IT may fix the server's key meanwhile). */
const REFUSED_KEY_RETRY_MS = 60_000;

class KeyRefused extends Error {}

/**
 * A desk that must not go silent between shifts (IT's alerts.ringWhileSignedOut): while nobody
 * is signed in, it asks the backend's waiting feed for the chats nobody has claimed, so the
 * alert scheduler can keep ringing for them. The feed holds no patron names or text, and
 * everything is dropped the moment someone signs in.
 */
export class WaitingWatch {
  private chats: WaitingChat[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;
  private watching = false;
  private failing = false;
  private readonly intervalMs: number;
  private readonly refusedRetryMs: number;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly options: WaitingWatchOptions,
  ) {
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.refusedRetryMs = options.refusedRetryMs ?? REFUSED_KEY_RETRY_MS;
    ctx.on('subscribed', () => this.announce());
  }

  /** Waiting chats, oldest first, with their times on the local clock. Empty unless watching. */
  waiting(): readonly WaitingChat[] {
    return this.chats;
  }

  /** Called after each change of the list (the alerts decide again). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Watch while nobody is signed in (and IT asked for it); stop the moment someone is. */
  follow(signedIn: boolean): void {
    const watch = this.options.feed !== null && !signedIn;
    if (watch === this.watching) return;
    this.watching = watch;
    if (watch) {
      this.ctx.log('info', 'nobody is signed in: ringing for waiting chats, as IT set');
      void this.poll();
    } else {
      this.halt();
    }
    this.announce();
  }

  stop(): void {
    this.watching = false;
    this.halt();
  }

  private halt(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
    this.set([]);
  }

  private async poll(): Promise<void> {
    const feed = this.options.feed;
    if (!this.watching || !feed) return;
    const abort = new AbortController();
    this.abort = abort;
    let next = this.intervalMs;
    try {
      const response = await fetch(`${feed.backendUrl}/api/waiting`, {
        headers: { authorization: `Bearer ${feed.key}` },
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(5_000)]),
      });
      if (response.status === 401 || response.status === 403) throw new KeyRefused('the backend refused the waiting-feed key');
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const receivedAt = Date.now();
      const parsed = WaitingFeed.safeParse(await response.json());
      if (!parsed.success) throw new Error('the waiting feed sent an unexpected body');
      if (abort.signal.aborted) return;
      // Backend timestamps, moved to the local clock the scheduler uses while nobody is signed in.
      const offset = parsed.data.serverTime - receivedAt;
      this.set(parsed.data.waiting.map((w) => ({ ...w, state: 'waiting' as const, createdAt: w.createdAt - offset })).sort((a, b) => a.createdAt - b.createdAt));
      if (this.failing) this.ctx.log('info', 'the waiting feed answers again');
      this.failing = false;
    } catch (error) {
      if (abort.signal.aborted) return;
      // Once per outage, not every two seconds.
      if (!this.failing) this.ctx.log('warn', 'cannot read the waiting feed; the desk cannot ring until it answers', { error: String(error) });
      this.failing = true;
      if (error instanceof KeyRefused) next = this.refusedRetryMs;
      this.set([]);
    } finally {
      if (this.abort === abort) this.abort = null;
    }
    if (this.watching) this.timer = setTimeout(() => void this.poll(), next);
  }

  private set(chats: WaitingChat[]): void {
    const same = chats.length === this.chats.length && chats.every((c, i) => c.id === this.chats[i]?.id);
    this.chats = chats;
    if (same) return;
    for (const listener of this.listeners) listener();
    this.announce();
  }

  private announce(): void {
    this.ctx.emit({ type: 'signedOutWaiting', waiting: this.chats.length, watching: this.watching });
  }
}
