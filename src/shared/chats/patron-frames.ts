import { z } from 'zod';
import { CampusId, ChatId, ClientId, MAX_TEXT_CHARS, PersonName, PROTOCOL_VERSION, Seq, Text } from '../protocol/common';
import { chatFieldPatronShapes } from '../chat-fields';
import { ChatMessage, ChatState, EndReason } from './schemas';

/** What a patron's widget sends about its chat. */
export const chatPatronClientFrames = [
  z.object({
    type: z.literal('start'),
    v: z.literal(PROTOCOL_VERSION),
    id: ClientId,
    campus: CampusId,
    /** Patrons often type their question here; the server flags it for the operator. */
    name: PersonName,
    /** Empty when the name box holds the question (the server refuses it otherwise): that text is the question. */
    question: z.string().trim().max(MAX_TEXT_CHARS, `text is over ${MAX_TEXT_CHARS} characters`),
  }),
  z.object({
    type: z.literal('resume'),
    v: z.literal(PROTOCOL_VERSION),
    chatId: ChatId,
    token: z.string().min(16).max(200),
    lastSeq: Seq,
  }),
  z.object({ type: z.literal('say'), id: ClientId, text: Text }),
  z.object({ type: z.literal('leave') }),
  /** The patron is typing (or stopped): relayed to the librarian holding the chat, never stored. */
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
] as const;
export type ChatPatronClientFrame = z.infer<(typeof chatPatronClientFrames)[number]>;

/** Where the patron's chat stands, as the chats capability knows it. */
export const PatronStatusCore = z.object({
  type: z.literal('status'),
  state: ChatState,
  operatorName: z.string().nullable(),
  ticketOffered: z.boolean(),
  /** Why an ended chat ended: a patron whose chat dropped is offered a ticket on return. */
  endReason: EndReason.nullable().optional(),
  /** The chat became this ticket (its encounter id): the page says so instead of offering another. */
  ticket: z.string().max(40).nullable().optional(),
});
/** The status frame: the core, and what the patron sees of the fields other capabilities own (shared/chat-fields.ts). */
export const PatronStatus = PatronStatusCore.extend(chatFieldPatronShapes);
export type PatronStatus = z.infer<typeof PatronStatus>;
/** The registered fields' part of a status frame. */
export type PatronFieldValues = Omit<PatronStatus, keyof z.infer<typeof PatronStatusCore>>;

/** What the server tells a patron about their chat. Only `patron`-visible lines are ever sent. */
export const chatPatronServerFrames = [
  z.object({
    type: z.literal('started'),
    chatId: ChatId,
    encounterId: z.string(),
    /** Lets this patron, and only this patron, resume the chat after a dropped connection. */
    token: z.string(),
    campusName: z.string(),
  }),
  z.object({
    type: z.literal('message'),
    message: ChatMessage.extend({ visibility: z.literal('patron') }),
    /** On the patron's own lines: the client id it was sent with, so a page can match a replay to the copy still waiting for its ack. */
    clientId: ClientId.optional(),
  }),
  PatronStatus,
  z.object({ type: z.literal('ack'), id: ClientId, seq: Seq }),
  /** The librarian is typing (or stopped); never stored. */
  z.object({ type: z.literal('typing'), typing: z.boolean() }),
] as const;
