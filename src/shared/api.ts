/**
 * The renderer API: every call the renderer may make to the main core and every push it
 * receives, typed and validated in this one file. Electron IPC and the browser shell's
 * websocket bridge both carry exactly these messages.
 */
import { z } from 'zod';
import { AlertSettings, AlertTiming, SOUNDS } from './alerts';
import { ChatId, ErrorCode, MAX_TEXT_CHARS, Text } from './protocol/common';
import { DeskEvent, DeskSnapshot, Operator, Presence } from './protocol/desk';

export const LinkStatus = z.enum(['signed_out', 'connecting', 'online', 'offline']);
export type LinkStatus = z.infer<typeof LinkStatus>;

export const SessionView = z.object({
  status: LinkStatus,
  operator: Operator.nullable(),
  backendUrl: z.string().nullable(),
  /** The backend runs inside this app (the default), rather than at a configured URL. */
  embedded: z.boolean(),
  presence: Presence,
  /** Add to the local clock to get the backend's clock; wait timers use it. */
  clockOffsetMs: z.number(),
  error: z.string().nullable(),
  /** Commands waiting in the outbox for the link to come back. */
  pending: z.number().int().nonnegative(),
  /** The escalation timings in force, so the board shows the same levels main sounds. */
  timing: AlertTiming,
});
export type SessionView = z.infer<typeof SessionView>;

const BackendUrl = z.url({ protocol: /^https?$/, error: 'backend URL must be an http(s) URL' }).max(500);

const Empty = z.object({}).strict();

export const apiCalls = {
  'session.get': { args: Empty, result: SessionView },
  'session.signIn': {
    args: z.object({ backendUrl: BackendUrl, username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }).strict(),
    result: SessionView,
  },
  'session.signOut': { args: Empty, result: SessionView },
  /** Asks main to push a desk snapshot, then every event after it, on the push channel. */
  'desk.subscribe': { args: Empty, result: Empty },
  'chat.claim': { args: z.object({ chatId: ChatId }).strict(), result: Empty },
  'chat.send': { args: z.object({ chatId: ChatId, text: Text }).strict(), result: Empty },
  'chat.end': { args: z.object({ chatId: ChatId }).strict(), result: Empty },
  'presence.set': { args: z.object({ presence: Presence }).strict(), result: Empty },
  'alerts.get': { args: Empty, result: AlertSettings },
  'alerts.set': { args: AlertSettings.omit({ mutedUntil: true }).partial().strict(), result: AlertSettings },
  'alerts.mute': { args: z.object({ minutes: z.number().int().min(0).max(60) }).strict(), result: AlertSettings },
  /** The renderer reports that a requested sound started playing (for latency figures and the tray). */
  'alerts.played': { args: z.object({ soundId: z.string().max(64), at: z.number() }).strict(), result: Empty },
  /** Desk settings beyond alerts: minutes of system idle before presence turns away (0 = never). */
  'settings.get': { args: Empty, result: z.object({ idleAwayMinutes: z.number().int() }) },
  'settings.set': {
    args: z.object({ idleAwayMinutes: z.number().int().min(0).max(240) }).strict(),
    result: z.object({ idleAwayMinutes: z.number().int() }),
  },
  /** Memory and state counts of the main core, for the settings panel and the benchmarks. */
  'diagnostics.get': {
    args: Empty,
    result: z.object({
      pid: z.number().int(),
      uptimeS: z.number(),
      rssBytes: z.number(),
      heapUsedBytes: z.number(),
      chatsInMemory: z.number().int(),
      messagesInMemory: z.number().int(),
    }),
  },
  /** Open a link in the system browser: http(s) and mailto only. */
  'shell.openExternal': { args: z.object({ url: z.string().max(2000) }).strict(), result: Empty },
} as const;

export type ApiCalls = typeof apiCalls;
export type CallName = keyof ApiCalls;
export type CallArgs<K extends CallName> = z.input<ApiCalls[K]['args']>;
export type CallResult<K extends CallName> = z.infer<ApiCalls[K]['result']>;
export const callNames = Object.keys(apiCalls) as CallName[];
export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiCalls, name);

export const SoundRequest = z.object({
  type: z.literal('sound'),
  id: z.string(),
  sound: z.enum(SOUNDS),
  volume: z.number().min(0).max(1),
  chatIds: z.array(ChatId),
  /** When main decided to play, in main's clock (ms, fractional). */
  decidedAt: z.number(),
});
export type SoundRequest = z.infer<typeof SoundRequest>;

export const Push = z.discriminatedUnion('type', [
  z.object({ type: z.literal('desk'), action: z.union([z.object({ type: z.literal('snapshot'), snapshot: DeskSnapshot }), DeskEvent]) }),
  z.object({ type: z.literal('session'), session: SessionView }),
  SoundRequest,
  z.object({ type: z.literal('alerts'), settings: AlertSettings }),
  z.object({ type: z.literal('focusChat'), chatId: ChatId }),
]);
export type Push = z.infer<typeof Push>;

export const ApiError = z.object({ code: z.union([ErrorCode, z.enum(['bad_call'])]), message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
export type CallOutcome<K extends CallName> = { ok: true; value: CallResult<K> } | { ok: false; error: ApiError };

/** Frames of the browser shell's local websocket bridge (Electron uses IPC for the same calls). */
export const BridgeClientFrame = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  name: z.string().max(64),
  args: z.unknown(),
});
export const BridgeResult = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: ApiError }),
]);
export const BridgeServerFrame = z.union([BridgeResult, z.object({ type: z.literal('push'), push: Push })]);
export type BridgeServerFrame = z.infer<typeof BridgeServerFrame>;

/** What the renderer sees of its host, in Electron or in a browser. */
export interface DeskbellHost {
  readonly kind: 'electron' | 'browser';
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
  onPush(listener: (push: Push) => void): () => void;
}

export { MAX_TEXT_CHARS };
