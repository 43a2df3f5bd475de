/**
 * The core's capability registry: each capability is built here from the CoreContext, and
 * their call handlers are composed into one table that must cover every call in
 * src/shared/api.ts (the compiler checks it). A new capability adds a folder and a line here.
 */
import type { CallName } from '../../shared/api';
import { Alerts } from './alerts/alerts';
import type { CallHandlers, CoreContext } from './capability';
import { Chats } from './chats/chats';
import { campusCalls } from './campuses/calls';
import { createDiagnostics } from './diagnostics/diagnostics';
import { linkCalls } from './external-links/calls';
import { Faqs } from './faqs/faqs';
import { incidentCalls } from './incidents/calls';
import { interviewCalls } from './interview/calls';
import { templateCalls } from './templates/calls';
import { Transcripts } from './transcripts/transcripts';
import { Workspace } from './workspace/workspace';
import type { LinkOptions } from './backend-link/backend-link';
import { machineSettings } from './machine-settings/machine-settings';
import { noteCalls } from './notes/notes';
import type { EmbeddedBackend, ShellServices, TokenStore, UpdaterPort } from './ports';
import { Presence } from './presence/presence';
import { Session } from './session/session';
import { deskSettings } from './settings/calls';
import { ticketCalls } from './tickets/tickets';
import { Transfers } from './transfers/transfers';
import { Updates, type UpdatesOptions } from './updates/updates';
import { WaitingWatch, type WaitingWatchOptions } from './waiting-watch/waiting-watch';

export interface CapabilityOptions {
  tokenStore: TokenStore;
  /** The backend the app was started for, if any (the sign-in form starts from it). */
  configuredBackendUrl?: string | null;
  embedded: EmbeddedBackend | null;
  services?: ShellServices;
  /** Quiet gap between alert sounds; latency benchmarks set 0 to time each chat alone. */
  alertGapMs?: number;
  /** Link tuning (heartbeat, backoff) for tests. */
  linkTuning?: Pick<LinkOptions, 'heartbeatMs' | 'backoffBaseMs' | 'backoffCapMs' | 'commandDeadlineMs'>;
  /** The desktop app's updater (electron-updater behind a port); none in the browser shell. */
  updater?: UpdaterPort | null;
  /** Update timing, for tests. */
  updateTuning?: UpdatesOptions;
  /** How often a signed-out desk asks the waiting feed, for tests. */
  waitingWatchTuning?: Pick<WaitingWatchOptions, 'intervalMs' | 'refusedRetryMs'>;
}

export interface CoreCapabilities {
  calls: CallHandlers<CallName>;
  session: Session;
  presence: Presence;
  alerts: Alerts;
  /** Stopped with the core (timers, polls). */
  stoppables: { stop(): void }[];
}

export function composeCapabilities(ctx: CoreContext, options: CapabilityOptions): CoreCapabilities {
  // Session and presence know each other: the session view shows presence, presence is sent over the session's link.
  let presence: Presence | null = null;
  const session = new Session(ctx, {
    tokenStore: options.tokenStore,
    embedded: options.embedded,
    linkTuning: options.linkTuning,
    configuredBackendUrl: options.configuredBackendUrl,
    presence: () => presence?.current() ?? 'online',
  });
  presence = new Presence(ctx, session);
  let alerts: Alerts | null = null;
  const watch = new WaitingWatch(ctx, { feed: ctx.machine.signedOutRinging(), ...options.waitingWatchTuning }, () => alerts?.tick());
  // The tray shows the workspace's unread messages beside the waiting chats.
  const workspace = new Workspace(ctx, session, { unreadChanged: () => alerts?.refreshTrayNow() });
  const present = presence;
  alerts = new Alerts(ctx, session, { gapMs: options.alertGapMs, watch, unread: () => workspace.unreadTotal(), presence: () => present.current() });
  // Back at the desk, a ping held while away sounds at once; stepping away holds the next ones.
  presence.onChange(() => alerts?.tick());
  ctx.on('session', () => watch.follow(session.me() !== null));
  watch.follow(false);
  const updates = new Updates(ctx, session, options.updater ?? null, options.updateTuning);
  const chats = new Chats(ctx, session);
  const faqs = new Faqs(ctx, session);
  const transcripts = new Transcripts(ctx, session);
  const transfers = new Transfers(ctx, session, chats);
  const calls: CallHandlers<CallName> = {
    ...session.calls,
    ...presence.calls,
    ...alerts.calls,
    ...chats.calls,
    ...deskSettings(ctx).calls,
    ...machineSettings(ctx).calls,
    ...updates.calls,
    ...createDiagnostics(ctx).calls,
    ...linkCalls(options.services ?? {}),
    ...campusCalls(session),
    ...faqs.calls,
    ...templateCalls(session),
    ...interviewCalls(session),
    ...incidentCalls(session),
    ...workspace.calls,
    ...transcripts.calls,
    ...noteCalls(session),
    ...transfers.calls,
    ...ticketCalls(session),
  };
  return { calls, session, presence, alerts, stoppables: [watch, updates] };
}
