/**
 * What the app's main thread and the embedded backend's own thread say to each other
 * (src/main/core/embedded/embedded-thread.ts and src/server/embed-worker.ts). The backend runs
 * in a worker thread so its work (every patron's frames, its SQLite, its collections) never
 * holds up the desk's event loop, where the ping is decided. Both sides check every message.
 */
import { z } from 'zod';
import { AlertTimingFields } from '../alerts/policy';
import { Campus } from '../campuses/schemas';
import { LoginResponse } from '../session/schemas';

/** The worker's start data. `task` names it: a thread that loads this module's bundle for another reason does nothing. */
export const EmbeddedThreadData = z.object({
  task: z.literal('embedded-backend'),
  dataDir: z.string().min(1),
  timing: AlertTimingFields.partial().optional(),
  widgetDir: z.string().min(1).optional(),
  campus: z.string().min(1).nullable().optional(),
  deskCampus: z.string().min(1).optional(),
  /** The port to listen on (127.0.0.1): a restarted backend takes its predecessor's, where the desk's link and open patron pages look for it. Absent: any free port. */
  port: z.number().int().min(1).max(65535).optional(),
});
export type EmbeddedThreadData = z.infer<typeof EmbeddedThreadData>;

/** Main thread → backend thread. */
export const ToEmbeddedThread = z.discriminatedUnion('type', [
  z.object({ type: z.literal('signIn'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('close') }),
]);
export type ToEmbeddedThread = z.infer<typeof ToEmbeddedThread>;

const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);

/** Backend thread → main thread. */
export const FromEmbeddedThread = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), url: z.string().url(), campuses: z.array(Campus) }),
  /** It could not start (an unknown campus, a database it cannot open): the thread ends after this. */
  z.object({ type: z.literal('failed'), message: z.string() }),
  z.object({ type: z.literal('signedIn'), id: z.number().int().nonnegative(), login: LoginResponse }),
  z.object({ type: z.literal('signInFailed'), id: z.number().int().nonnegative(), message: z.string() }),
  /** The server's log lines, written by the app's log. */
  z.object({ type: z.literal('log'), level: LogLevel, message: z.string(), data: z.record(z.string(), z.unknown()).optional() }),
  /** Closed: its sockets and database are shut. */
  z.object({ type: z.literal('closed') }),
]);
export type FromEmbeddedThread = z.infer<typeof FromEmbeddedThread>;
