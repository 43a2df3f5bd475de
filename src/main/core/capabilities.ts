/**
 * The core's capability registry: each capability is built here from the CoreContext, and
 * their call handlers are composed into one table that must cover every call in
 * src/shared/api.ts (the compiler checks it). A new capability adds a folder and a line here.
 */
import type { SoundRequest } from '../../shared/alerts/calls';
import type { CallName } from '../../shared/api';
import { accountCalls } from './accounts/calls';
import { Alerts } from './alerts/alerts';
import { auditCalls } from './audit/calls';
import type { CallHandlers, CoreContext, DeskFollower } from './capability';
import { Chats } from './chats/chats';
import { campusCalls } from './campuses/calls';
import { createDiagnostics } from './diagnostics/diagnostics';
import { linkCalls } from './external-links/calls';
import { Faqs } from './faqs/faqs';
import { feedbackCalls } from './feedback/calls';
import { incidentCalls } from './incidents/calls';
import { interviewCalls } from './interview/calls';
import { templateCalls } from './templates/calls';
import { Transcripts } from './transcripts/transcripts';
import { Workspace } from './workspace/workspace';
import type { LinkOptions } from './backend-link/backend-link';
import { machineSettings } from './machine-settings/machine-settings';
import { noteCalls } from './notes/notes';
import type { EmbeddedBackend, ShellServices, TokenStore, UpdaterPort } from './ports';
import { Presence, PresenceChoice } from './presence/presence';
import { Session } from './session/session';
import { deskSettings } from './settings/calls';
import { statisticsCalls } from './statistics/calls';
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
  /**
   * What reacts to each desk change, in the order it runs (docs/architecture.md, "One event, from
   * the backend to the speaker"); the core tells the renderer after the last of them.
   */
  deskFollowers: readonly DeskFollower[];
  session: Session;
  presence: Presence;
  alerts: Alerts;
  /** Stopped with the core (timers, polls). */
  stoppables: { stop(): void }[];
}

/** What the core hands to one capability only: a `sound` push goes out through the alerts alone. */
export interface CorePorts {
  playSound(request: SoundRequest): void;
}

/** Each capability is built after what it uses, so none needs a reference set later. */
export function composeCapabilities(ctx: CoreContext, options: CapabilityOptions, ports: CorePorts): CoreCapabilities {
  // The session view shows the presence, and presence is sent over the session's link: the choice itself comes first.
  const presenceChoice = new PresenceChoice();
  const session = new Session(ctx, {
    tokenStore: options.tokenStore,
    embedded: options.embedded,
    linkTuning: options.linkTuning,
    configuredBackendUrl: options.configuredBackendUrl,
    presence: () => presenceChoice.current(),
  });
  const presence = new Presence(ctx, session, presenceChoice);
  const watch = new WaitingWatch(ctx, { feed: ctx.machine.signedOutRinging(), ...options.waitingWatchTuning });
  const alerts = new Alerts(ctx, session, { play: ports.playSound, presence, watch, gapMs: options.alertGapMs });
  ctx.on('session', () => watch.follow(session.me() !== null));
  watch.follow(false);
  // The workspace hands unseen patron lines and its unread count to the alerts (the chime, the tray).
  const workspace = new Workspace(ctx, session, alerts);
  const updates = new Updates(ctx, session, options.updater ?? null, options.updateTuning);
  const chats = new Chats(ctx, session);
  const faqs = new Faqs(ctx, session);
  const transcripts = new Transcripts(ctx, session);
  const transfers = new Transfers(session, chats);
  // The one order: what the librarian has seen (the tray reads it), then every
  // sound, then what loads or syncs in the background, then whether a held chat holds an update.
  const deskFollowers: DeskFollower[] = [workspace, alerts, chats, transfers, faqs, transcripts, updates];
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
    ...feedbackCalls(session),
    ...workspace.calls,
    ...transcripts.calls,
    ...noteCalls(session),
    ...transfers.calls,
    ...ticketCalls(session),
    ...statisticsCalls(session),
    ...accountCalls(session),
    ...auditCalls(session),
  };
  return { calls, deskFollowers, session, presence, alerts, stoppables: [watch, updates] };
}
