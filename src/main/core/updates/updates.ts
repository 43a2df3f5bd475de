import { chatsClaimedBy } from '../../../shared/chats/selectors';
import type { UpdateView } from '../../../shared/updates/calls';
import { type CallHandlers, CallRefused, type CoreContext, type DeskFollower } from '../capability';
import type { UpdaterEvent, UpdaterPort } from '../ports';
import type { Session } from '../session/session';

export interface UpdatesOptions {
  /** The first check, this long after start (the desk comes up first). */
  firstCheckAfterMs?: number;
  installGivesUpAfterMs?: number;
}

const FIRST_CHECK_AFTER_MS = 15_000;
/** A confirmed install that has not quit the app by now has failed (a refused password or UAC prompt). */
const INSTALL_GIVES_UP_AFTER_MS = 90_000;

/**
 * The app's own updates, against the generic server IT names in the machine-wide settings:
 * a check soon after start and every few hours after, the download in the background, and the
 * install only when the librarian holds no chat and confirms, or at the next quit. A restart
 * never interrupts a chat: while one is held, the update waits and says so.
 */
export class Updates implements DeskFollower {
  private state: UpdateView['state'] = 'off';
  private version: string | null = null;
  private percent: number | null = null;
  private checkedAt: number | null = null;
  private error: string | null = null;
  private lastHeld = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private installWatch: ReturnType<typeof setTimeout> | null = null;
  private readonly installGivesUpAfterMs: number;

  constructor(
    private readonly ctx: CoreContext,
    private readonly session: Session,
    private readonly port: UpdaterPort | null,
    options: UpdatesOptions = {},
  ) {
    this.installGivesUpAfterMs = options.installGivesUpAfterMs ?? INSTALL_GIVES_UP_AFTER_MS;
    const config = ctx.machine.updates();
    ctx.on('subscribed', () => this.announce());
    if (!port || !config) return;
    this.state = 'idle';
    port.configure(config.url);
    port.onEvent((event) => this.follow(event));
    const first = setTimeout(() => void this.check(), options.firstCheckAfterMs ?? FIRST_CHECK_AFTER_MS);
    const every = setInterval(() => void this.check(), config.everyMs);
    // Timers never keep a quitting process alive.
    first.unref?.();
    every.unref?.();
    this.timers.push(first, every);
    ctx.on('librarian', () => this.heldChanged());
    ctx.log('info', 'updates from the server IT named', { url: config.url, everyHours: config.everyMs / 3_600_000 });
  }

  /** Whether a chat holds the update back follows the desk (nothing to follow without an update server). */
  followDesk(): void {
    if (this.state !== 'off') this.heldChanged();
  }

  view(): UpdateView {
    this.lastHeld = this.held();
    return {
      state: this.state,
      current: this.port?.currentVersion ?? '',
      version: this.version,
      percent: this.percent,
      held: this.lastHeld && (this.state === 'ready' || this.state === 'downloading'),
      checkedAt: this.checkedAt,
      error: this.error,
    };
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (this.installWatch) clearTimeout(this.installWatch);
  }

  readonly calls: CallHandlers<'updates.get' | 'updates.check' | 'updates.install'> = {
    'updates.get': async () => this.view(),
    'updates.check': async () => {
      if (this.state === 'off') throw new CallRefused('not_found', 'no update server is set for this PC (see docs/deploy.md)');
      await this.check();
      return this.view();
    },
    'updates.install': async () => {
      if (this.state !== 'ready' || !this.port) throw new CallRefused('not_found', 'no update is ready to install');
      // The one rule of this capability: never restart in the middle of a chat.
      if (this.held()) throw new CallRefused('busy', 'finish or hand off your chats first: the update restarts Deskbell');
      this.state = 'installing';
      this.error = null;
      this.announce();
      this.ctx.log('info', 'installing the update the librarian confirmed', { version: this.version });
      // If the app is still here after a while, the install failed without a word: say so.
      this.installWatch = setTimeout(() => this.installFailed('Deskbell did not restart to install it'), this.installGivesUpAfterMs);
      this.installWatch.unref?.();
      try {
        this.port.installNow();
      } catch (error) {
        this.installFailed(error instanceof Error ? error.message : String(error));
      }
      return this.view();
    },
  };

  /** The signed-in librarian holds a chat (claimed and not ended). */
  private heldChanged(): void {
    if (this.held() !== this.lastHeld) this.announce();
  }

  private held(): boolean {
    const me = this.session.me();
    return me !== null && chatsClaimedBy(this.ctx.desk(), me.id).length > 0;
  }

  private async check(): Promise<void> {
    if (!this.port || this.state === 'downloading' || this.state === 'ready' || this.state === 'installing') return;
    try {
      await this.port.check();
    } catch (error) {
      this.follow({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private follow(event: UpdaterEvent): void {
    switch (event.type) {
      case 'checking':
        this.state = 'checking';
        this.error = null;
        break;
      case 'not-available':
        this.state = 'idle';
        this.checkedAt = Date.now();
        break;
      case 'available':
        this.state = 'downloading';
        this.version = event.version;
        this.percent = 0;
        this.checkedAt = Date.now();
        this.ctx.log('info', 'an update was found; downloading it in the background', { version: event.version });
        break;
      case 'progress':
        if (this.state !== 'downloading') return;
        this.percent = Math.max(0, Math.min(100, Math.round(event.percent)));
        break;
      case 'downloaded':
        this.state = 'ready';
        this.version = event.version;
        this.percent = 100;
        this.ctx.log('info', 'the update is ready; it installs when the librarian confirms with no chat held, or at the next quit', { version: event.version });
        break;
      case 'error':
        if (this.state === 'installing') return this.installFailed(event.message);
        // A failed check or download is retried at the next check; the desk keeps working.
        if (this.state === 'ready') return;
        this.state = 'error';
        this.error = event.message.slice(0, 300);
        this.ctx.log('warn', 'update check or download failed', { error: this.error });
        break;
    }
    this.announce();
  }

  /** The install did not happen: the update is still ready (it can be tried again, or at the next quit), with the reason shown. */
  private installFailed(message: string): void {
    if (this.state !== 'installing') return;
    if (this.installWatch) clearTimeout(this.installWatch);
    this.installWatch = null;
    this.state = 'ready';
    this.error = `the update could not be installed: ${message}`.slice(0, 300);
    this.ctx.log('warn', 'the confirmed update did not install', { version: this.version, error: this.error });
    this.announce();
  }

  private announce(): void {
    this.ctx.emit({ type: 'update', update: this.view() });
  }
}
