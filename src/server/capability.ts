/**
 * What a server capability brings, and what it may use. Each capability folder exports one
 * factory taking the ServerContext; src/server/capabilities.ts composes them. Adding one adds
 * a folder and a few lines there: nothing else grows.
 */
import type { Command, CommandKind, DeskEvent } from '../shared/desk/events';
import type { AckResult, ErrorCode, PatronClientFrame, PatronFrameType } from '../shared/protocol';
import type { Operator } from '../shared/session/schemas';
import type { NoticeName } from '../shared/templates/notices';
import type { CampusDirectory } from './campuses/directory';
import type { Db } from './platform/db';
import type { LimitLogFn, LogFn } from './platform/log';
import type { AccountStore } from './session/accounts';
import type { PatronHub, PatronLink } from './transport/patron-hub';
import type { StreamHub } from './transport/stream-hub';

/** A command's result: a value to acknowledge, or a typed refusal that changed nothing. */
export type Outcome<T> = { ok: true; value: T; after?: () => void } | { ok: false; code: ErrorCode; message: string };
export const refuse = (code: ErrorCode, message: string): Outcome<never> => ({ ok: false, code, message });

export interface CommandContext {
  /** The client id the command came with (a resend carries the same one). */
  clientId: string;
  now: number;
}

/**
 * Runs inside the command's transaction, so it must only read and write the database; what
 * others must be told goes in `after`, which runs once the transaction has committed.
 */
export type CommandHandler<K extends CommandKind> = (operator: Operator, cmd: Extract<Command, { kind: K }>, ctx: CommandContext) => Outcome<AckResult>;
export type CommandTable<K extends CommandKind> = { [P in K]: CommandHandler<P> };

/** Patron frames other than the transport's own (ping). */
export type PatronCommandType = Exclude<PatronFrameType, 'ping'>;
export type PatronFrameHandler<T extends PatronCommandType> = (link: PatronLink, frame: Extract<PatronClientFrame, { type: T }>) => void;
export type PatronFrameTable<T extends PatronCommandType> = { [P in T]: PatronFrameHandler<P> };

/** What every capability may use. */
export interface ServerContext {
  readonly db: Db;
  readonly accounts: AccountStore;
  /** The campus directory, live: admins edit it while the server runs. */
  readonly directory: CampusDirectory;
  /** Every operator stream gets the event (after the change is committed). */
  publish(event: DeskEvent): void;
  /** Only these librarians' streams get the event (a note is for its author and audience only). */
  publishTo(operatorIds: ReadonlySet<string>, event: DeskEvent): void;
  /**
   * Hear every event published, after it went out: how one capability follows another's changes
   * (transfers close the open offer of a chat that ended) without either growing a central class.
   */
  observe(listener: (event: DeskEvent) => void): void;
  /**
   * What the patron is told at a hand-off, by notice name and the chat's campus: the template
   * store's campus version, else the institution's, else the default (src/server/templates).
   */
  templateText(name: NoticeName, campus: string): string;
  readonly streams: StreamHub;
  readonly patrons: PatronHub;
  readonly now: () => number;
  readonly log: LogFn;
  /** For limit hits: the first per key is logged with its reason, then a line a minute at most. */
  readonly logLimit: LimitLogFn;
  /** Run a step after a committed change; a failure is logged, never thrown at the client. */
  runAfter(after: (() => void) | undefined): void;
}

/** Lifecycle hooks a capability may have. */
export interface ServerCapability {
  /** After a restart: re-arm timers from what the database holds. */
  recover?(): void;
  /** Stop timers and links; a capability with work under way (an outbox) may finish it first. */
  close?(): void | Promise<void>;
}
