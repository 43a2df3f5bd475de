import { z } from 'zod';
import { Command, DeskEvent, DeskSnapshot } from '../desk/events';
import { Operator } from '../session/schemas';
import { ChatId, ClientId, ErrorFrame, OPERATOR_PROTOCOL_VERSION, Ping, Pong, Seq, Timestamp } from './common';
import { typesOf } from './parse';

export const Hello = z.object({
  type: z.literal('hello'),
  v: z.literal(OPERATOR_PROTOCOL_VERSION),
  token: z.string().min(16).max(200),
  /** Present when reconnecting: the stream to resume and the last event sequence applied. */
  resume: z.object({ streamId: z.string().min(1).max(64), lastSeq: Seq }).optional(),
});

export const OperatorClientFrame = z.discriminatedUnion('type', [
  Hello,
  z.object({ type: z.literal('cmd'), id: ClientId, cmd: Command }),
  Ping,
  /** The librarian is typing in a chat they hold (or stopped): relayed to the patron, never stored, never acknowledged. */
  z.object({ type: z.literal('typing'), chatId: ChatId, typing: z.boolean() }),
]);
export type OperatorClientFrame = z.infer<typeof OperatorClientFrame>;
export const operatorClientTypes = typesOf(OperatorClientFrame.options);

export const AckResult = z.object({ messageSeq: Seq.optional() });
export type AckResult = z.infer<typeof AckResult>;

/** One frame from the backend to an operator. */
export const OperatorServerSingleFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    v: z.literal(OPERATOR_PROTOCOL_VERSION),
    operator: Operator,
    streamId: z.string(),
    /** True when the server will replay what was missed instead of sending a snapshot. */
    resumed: z.boolean(),
    serverTime: Timestamp,
  }),
  z.object({ type: z.literal('snapshot'), seq: Seq, snapshot: DeskSnapshot }),
  z.object({ type: z.literal('event'), seq: Seq, event: DeskEvent }),
  z.object({ type: z.literal('ack'), id: ClientId, result: AckResult }),
  ErrorFrame,
  Pong,
  /**
   * The patron of a chat this operator holds is typing (or stopped). Outside the event stream:
   * no sequence number, not buffered for a resume, never stored.
   */
  z.object({ type: z.literal('typing'), chatId: ChatId, typing: z.boolean(), at: Timestamp }),
]);
export type OperatorServerSingleFrame = z.infer<typeof OperatorServerSingleFrame>;

/** Most frames to operators travel alone; a tick's worth to one socket is sent as one `batch`, in order. */
export const OperatorServerFrame = z.discriminatedUnion('type', [
  ...OperatorServerSingleFrame.options,
  z.object({ type: z.literal('batch'), frames: z.array(OperatorServerSingleFrame).min(1) }),
]);
export type OperatorServerFrame = z.infer<typeof OperatorServerFrame>;
export const operatorServerTypes = typesOf(OperatorServerFrame.options);
