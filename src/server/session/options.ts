/** The server options the session capability contributes (`ServerOptions`): how long a session lasts. */
import { z } from 'zod';
import { SESSION_IDLE_MS, SESSION_MAX_MS, type SessionLifetimes } from './accounts';

const DAY_MS = 24 * 60 * 60_000;

export interface SessionServerOptions {
  /** A session unused this long ends (default 30 days). */
  sessionIdleMs?: number;
  /** A session ends this long after its sign-in, however much it is used (default 90 days). */
  sessionMaxMs?: number;
}

/** Their bounds and defaults, composed into the server's settings schema. */
export const sessionSettings = {
  sessionIdleMs: z.number().int().min(60_000).max(365 * DAY_MS).default(SESSION_IDLE_MS),
  sessionMaxMs: z.number().int().min(60_000).max(3 * 365 * DAY_MS).default(SESSION_MAX_MS),
};

/** The lifetimes the account store enforces; an idle limit longer than the whole lifetime is a mistake. */
export function sessionLifetimes(settings: { sessionIdleMs: number; sessionMaxMs: number }): SessionLifetimes {
  return { idleMs: Math.min(settings.sessionIdleMs, settings.sessionMaxMs), maxMs: settings.sessionMaxMs };
}
