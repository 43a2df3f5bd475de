/**
 * The server's capability registry: each capability's commands, patron frames, HTTP routes
 * and snapshot slice, composed into the tables the transport dispatches on. The compiler
 * checks the tables are complete: a command kind or patron frame with no handler fails `tsc`.
 * A new capability adds its folder and a line in each table here.
 */
import type { CommandKind, DeskSnapshot } from '../shared/desk/events';
import type { PersonalSnapshotKey } from '../shared/desk/snapshot-fields';
import type { Operator } from '../shared/session/schemas';
import type { CommandTable, PatronCommandType, PatronFrameTable, ServerCapability, ServerContext } from './capability';
import { Accounts } from './accounts/accounts';
import { auditRoutes } from './audit/routes';
import { Campuses } from './campuses/campuses';
import { campusRoutes } from './campuses/routes';
import { Chats, type ChatsOptions } from './chats/chats';
import { ChatFieldReader } from './chats/fields';
import { chatRoutes } from './chats/routes';
import type { Mailer } from './email/mailer';
import { Faqs, type FaqsOptions } from './faqs/faqs';
import { Feedback } from './feedback/feedback';
import { FeedbackStore } from './feedback/feedback-store';
import { incidentsChatField } from './incidents/chat-field';
import { IncidentStore } from './incidents/incident-store';
import { Incidents } from './incidents/incidents';
import { interviewChatField } from './interview/chat-field';
import { InterviewRecords } from './interview/interview';
import { InterviewStore } from './interview/interview-store';
import { Notes } from './notes/notes';
import { Presence } from './presence/presence';
import { Statistics, type StatisticsOptions } from './statistics/statistics';
import { Tickets, type TicketsOptions } from './tickets/tickets';
import { Transfers, type TransfersOptions } from './transfers/transfers';
import { type SessionRouteDeps, sessionRoutes } from './session/routes';
import type { TemplateStore } from './templates/template-store';
import { Templates } from './templates/templates';
import { transcriptRoutes } from './transcripts/routes';
import type { Routes } from './transport/http';
import type { PatronLink } from './transport/patron-hub';
import { fieldsPart, type SnapshotPart } from './transport/snapshot-cache';
import type { WidgetAssets } from './widget/assets';
import { waitingFeedRoutes } from './waiting-feed/routes';
import { widgetRoutes } from './widget/routes';

export interface CapabilityOptions {
  /** Built before the context, whose templateText reads the hand-off notices from it. */
  templateStore: TemplateStore;
  chats: ChatsOptions;
  presenceGraceMs: number;
  session: Omit<SessionRouteDeps, 'accounts' | 'now' | 'log'>;
  widget: WidgetAssets | null;
  faqs: FaqsOptions;
  /** The key desks use to read the waiting feed while nobody is signed in; null turns the feed off. */
  waitingFeedKey: string | null;
  /** The server's one mail transport (incident reports to directors; tickets get it too); null: nothing is emailed. */
  mailer: Mailer | null;
  transfers: TransfersOptions;
  tickets: TicketsOptions;
  statistics: StatisticsOptions;
}

export interface ServerCapabilities {
  commands: CommandTable<CommandKind>;
  patronFrames: PatronFrameTable<PatronCommandType>;
  routes: Routes;
  /** The part of the desk every librarian sees, without the clock, by owner (the transport keeps each serialised between changes). */
  snapshotParts: SnapshotPart[];
  /** What only this librarian sees (notes go only to their readers): built on each join. */
  personalSnapshot(operator: Operator): Pick<DeskSnapshot, PersonalSnapshotKey>;
  patronDisconnected(link: PatronLink): void;
  /** An operator's typing frame (outside the command stream: never stored). */
  operatorTyping(operator: Operator, chatId: string, typing: boolean): void;
  presence: Presence;
  faqs: Faqs;
  accounts: Accounts;
  /** Timers and links each capability holds in memory, for monitoring and the bounded-memory checks. */
  memory(): ReturnType<Chats['memory']> & ReturnType<Presence['memory']> & ReturnType<Transfers['memory']> & ReturnType<Tickets['memory']>;
  /** Every capability with lifecycle hooks, in start order (closed in reverse). */
  lifecycle: ServerCapability[];
}

export function composeCapabilities(ctx: ServerContext, options: CapabilityOptions): ServerCapabilities {
  const presence = new Presence(ctx, options.presenceGraceMs);
  // The fields other capabilities own on a chat (shared/chat-fields.ts): their stores come
  // first, so the chats capability gets every reader when it is built.
  const interviewStore = new InterviewStore(ctx.db);
  const incidentStore = new IncidentStore(ctx.db);
  const chatFields = new ChatFieldReader({ interview: interviewChatField(interviewStore), incidents: incidentsChatField(incidentStore) });
  const chats = new Chats(ctx, options.chats, chatFields);
  const campuses = new Campuses(ctx);
  const faqs = new Faqs(ctx, options.faqs);
  const templates = new Templates(ctx, options.templateStore);
  const interview = new InterviewRecords(ctx, chats, interviewStore);
  const incidents = new Incidents(ctx, chats, incidentStore, options.mailer);
  const notes = new Notes(ctx, chats);
  const transfers = new Transfers(ctx, chats, presence, options.transfers);
  const tickets = new Tickets(ctx, chats, presence, options.tickets);
  const feedback = new Feedback(ctx, chats, new FeedbackStore(ctx.db));
  const statistics = new Statistics(ctx, options.statistics);
  const accounts = new Accounts(ctx, chats, presence, transfers);
  return {
    commands: {
      ...chats.commands,
      ...presence.commands,
      ...campuses.commands,
      ...templates.commands,
      ...interview.commands,
      ...incidents.commands,
      ...notes.commands,
      ...transfers.commands,
      ...tickets.commands,
    },
    patronFrames: { ...chats.patronFrames, ...tickets.patronFrames, ...feedback.patronFrames },
    routes: {
      ...sessionRoutes({ ...options.session, accounts: ctx.accounts, now: ctx.now, log: ctx.log }),
      ...campusRoutes(ctx.directory, ctx.now),
      ...chatRoutes(chats, ctx.accounts),
      ...faqs.routes,
      ...incidents.routes,
      ...feedback.routes,
      ...statistics.routes,
      ...transcriptRoutes(chats, ctx.accounts),
      ...widgetRoutes(options.widget),
      ...waitingFeedRoutes(ctx.db, options.waitingFeedKey, ctx.now),
      ...tickets.routes(ctx.accounts),
      ...accounts.routes,
      ...auditRoutes(ctx.db, (req) => accounts.managerOf(req).manager.campus),
    },
    snapshotParts: [
      fieldsPart(['campuses', 'chatService'], () => campuses.snapshot()),
      fieldsPart(['faqRev'], () => faqs.snapshot()),
      fieldsPart(['templates'], () => templates.snapshot()),
      chats.snapshotPart,
      fieldsPart(['operators'], () => presence.snapshot()),
      fieldsPart(['transfers'], () => transfers.snapshot()),
      fieldsPart(['tickets'], () => tickets.snapshot()),
    ],
    personalSnapshot: (operator) => notes.snapshot(operator),
    patronDisconnected: (link) => chats.patronDisconnected(link),
    operatorTyping: (operator, chatId, typing) => chats.operatorTyping(operator, chatId, typing),
    presence,
    faqs,
    accounts,
    memory: () => ({ ...chats.memory(), ...presence.memory(), ...transfers.memory(), ...tickets.memory() }),
    lifecycle: [presence, chats, faqs, incidents, transfers, tickets, accounts, statistics],
  };
}
