export interface ReturnProbeOptions {
  /** A cheap endpoint of the backend that answers 200 while it is up (its /healthz). */
  url: string;
  /** The longest wait between probes; each wait is a random 50-100 % of it, so desks spread out. */
  intervalMs: number;
  /** How long one probe may take; a probe that times out counts as "not answering". */
  timeoutMs: number;
  random: () => number;
  /** The backend answered after a probe had found it not answering. */
  onBack(): void;
  fetch?: typeof fetch;
}

/** The URL of the backend's health check, from its http(s) base URL. */
export function healthUrl(backendUrl: string): string {
  const url = new URL(backendUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/healthz`;
  url.search = '';
  return url.toString();
}

/**
 * While the link waits to reconnect, asks the backend's health check about once a second, one
 * probe at a time, and says when the backend answers again after it was seen not answering. The
 * link then connects at once instead of at the end of a backoff that may have grown to 30 s.
 *
 * Only a change from down to up triggers, once per "down" seen: a backend that answers HTTP while
 * its socket fails is left to the backoff, so the probe never turns a failing connection into one
 * attempt a second. What was seen survives a pause (the link trying a connection of its own
 * between probes) and is forgotten on stop (online again, signed out) and on a trigger. The
 * jittered waits spread a hundred desks over the interval when a backend comes back.
 */
export class ReturnProbe {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: AbortController | null = null;
  private sawDown = false;
  /** Bumped by each start and stop: the answer of a probe from an earlier round is ignored. */
  private round = 0;

  constructor(private readonly options: ReturnProbeOptions) {}

  get running(): boolean {
    return this.timer !== null || this.inFlight !== null;
  }

  /** Start probing, or go on after a pause. */
  start(): void {
    this.pause();
    this.schedule(this.round);
  }

  /** Stop probing and forget what was seen. */
  stop(): void {
    this.pause();
    this.sawDown = false;
  }

  /** Stop probing for now, keeping what was seen. */
  pause(): void {
    this.round += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }

  private schedule(round: number): void {
    const wait = Math.floor(this.options.intervalMs * (0.5 + this.options.random() / 2));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.probe(round);
    }, wait);
  }

  private async probe(round: number): Promise<void> {
    const abort = new AbortController();
    this.inFlight = abort;
    const timeout = setTimeout(() => abort.abort(), this.options.timeoutMs);
    let answered = false;
    try {
      const response = await (this.options.fetch ?? fetch)(this.options.url, { signal: abort.signal });
      answered = response.ok;
      await response.body?.cancel().catch(() => undefined);
    } catch {
      answered = false; // refused, unreachable or timed out: not answering
    } finally {
      clearTimeout(timeout);
    }
    if (round !== this.round) return;
    this.inFlight = null;
    if (answered && this.sawDown) {
      this.stop();
      this.options.onBack();
      return;
    }
    if (!answered) this.sawDown = true;
    this.schedule(round);
  }
}
