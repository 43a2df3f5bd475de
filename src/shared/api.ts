/**
 * The renderer API: every call the renderer may make to the main core and every push it
 * receives, typed and validated. Each capability declares its own calls and pushes; this
 * file is the registry that composes them. Electron IPC and the browser shell's websocket
 * bridge both carry exactly these messages.
 */
import { z } from 'zod';
import { accountCalls } from './accounts/calls';
import { alertCalls, AlertsPush, SoundRequest } from './alerts/calls';
import { auditCalls } from './audit/calls';
import { campusCalls } from './campuses/calls';
import { chatCalls, FocusChatPush } from './chats/calls';
import { ChatHistory } from './chats/events';
import { DeskEvent, DeskSnapshot } from './desk/events';
import { diagnosticsCalls } from './diagnostics/calls';
import { linkCalls } from './external-links/calls';
import { faqCalls, FaqsPush } from './faqs/calls';
import { feedbackCalls } from './feedback/calls';
import { incidentCalls } from './incidents/calls';
import { interviewCalls } from './interview/calls';
import { templateCalls } from './templates/calls';
import { transcriptCalls, TranscriptsPush } from './transcripts/calls';
import { PatronMessagePush, TypingPush, UnreadPush, workspaceCalls } from './workspace/calls';
import { machineCalls, MachinePush } from './machine-settings/calls';
import { noteCalls } from './notes/calls';
import { presenceCalls } from './presence/calls';
import { ErrorCode, MAX_TEXT_CHARS } from './protocol/common';
import { sessionCalls, SessionPush } from './session/calls';
import { settingsCalls, SettingsPush } from './settings/calls';
import { statisticsCalls } from './statistics/calls';
import { ticketCalls } from './tickets/calls';
import { transferCalls } from './transfers/calls';
import { updateCalls, UpdatePush } from './updates/calls';
import { WaitingWhileSignedOutPush } from './waiting-feed/schemas';

export { LinkStatus, SessionView } from './session/calls';
export { SoundRequest } from './alerts/calls';

export const apiCalls = {
  ...sessionCalls,
  ...chatCalls,
  ...presenceCalls,
  ...alertCalls,
  ...settingsCalls,
  ...diagnosticsCalls,
  ...linkCalls,
  ...campusCalls,
  ...faqCalls,
  ...machineCalls,
  ...updateCalls,
  ...templateCalls,
  ...interviewCalls,
  ...incidentCalls,
  ...feedbackCalls,
  ...transcriptCalls,
  ...workspaceCalls,
  ...noteCalls,
  ...transferCalls,
  ...ticketCalls,
  ...statisticsCalls,
  ...accountCalls,
  ...auditCalls,
} as const;

export type ApiCalls = typeof apiCalls;
export type CallName = keyof ApiCalls;
/** What the renderer passes (before defaults and trimming). */
export type CallArgs<K extends CallName> = z.input<ApiCalls[K]['args']>;
/** What a handler receives: the arguments after validation. */
export type ParsedCallArgs<K extends CallName> = z.output<ApiCalls[K]['args']>;
export type CallResult<K extends CallName> = z.infer<ApiCalls[K]['result']>;
export const isCallName = (name: unknown): name is CallName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiCalls, name);
export const callNames = Object.keys(apiCalls).filter(isCallName);

export const DeskPush = z.object({
  type: z.literal('desk'),
  action: z.union([z.object({ type: z.literal('snapshot'), snapshot: DeskSnapshot }), DeskEvent, ChatHistory]),
});

export const Push = z.discriminatedUnion('type', [
  DeskPush,
  SessionPush,
  SoundRequest,
  AlertsPush,
  FocusChatPush,
  FaqsPush,
  MachinePush,
  SettingsPush,
  UpdatePush,
  WaitingWhileSignedOutPush,
  TypingPush,
  UnreadPush,
  PatronMessagePush,
  TranscriptsPush,
]);
export type Push = z.infer<typeof Push>;

/**
 * Refusals of the main core itself, beside the backend's codes: a malformed call, a value IT
 * has locked or bounded (the machine-wide settings), and an action that must wait because the
 * librarian holds a chat.
 */
export const CoreErrorCode = z.enum(['bad_call', 'locked', 'busy']);
/** The renderer's host refused what the core answered: it did not match the call's schema (src/shared/host-checks.ts). */
export const HostErrorCode = z.enum(['bad_result']);
export const ApiError = z.object({ code: z.union([ErrorCode, CoreErrorCode, HostErrorCode]), message: z.string() });
export type ApiError = z.infer<typeof ApiError>;
export type CallOutcome<K extends CallName> = { ok: true; value: CallResult<K> } | { ok: false; error: ApiError };

/** The one way every layer words a refused call. */
export const callFailure = (code: ApiError['code'], message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message } });

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
