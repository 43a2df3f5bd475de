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
import type { LinkOptions } from './backend-link/backend-link';
import type { EmbeddedBackend, ShellServices, TokenStore } from './ports';
import { Presence } from './presence/presence';
import { Session } from './session/session';
import { settingsCalls } from './settings/calls';

export interface CapabilityOptions {
  tokenStore: TokenStore;
  /** The backend the app was started for, if any (the sign-in form starts from it). */
  configuredBackendUrl?: string | null;
  embedded: EmbeddedBackend | null;
  services?: ShellServices;
  /** Quiet gap between alert sounds; latency benchmarks set 0 to time each chat alone. */
  alertGapMs?: number;
  /** Link tuning (heartbeat, backoff) for tests. */
  linkTuning?: Pick<LinkOptions, 'heartbeatMs' | 'backoffBaseMs' | 'backoffCapMs'>;
}

export interface CoreCapabilities {
  calls: CallHandlers<CallName>;
  session: Session;
  presence: Presence;
  alerts: Alerts;
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
  const alerts = new Alerts(ctx, session, { gapMs: options.alertGapMs });
  const chats = new Chats(ctx, session);
  const faqs = new Faqs(ctx, session);
  const calls: CallHandlers<CallName> = {
    ...session.calls,
    ...presence.calls,
    ...alerts.calls,
    ...chats.calls,
    ...settingsCalls(ctx),
    ...createDiagnostics(ctx).calls,
    ...linkCalls(options.services ?? {}),
    ...campusCalls(session),
    ...faqs.calls,
  };
  return { calls, session, presence, alerts };
}
