import type { InterviewCommand } from '../../shared/interview/events';
import type { CommandTable, ServerContext } from '../capability';
import { checkRecorder, type Chats } from '../chats/chats';
import type { InterviewStore } from './interview-store';

/**
 * The reference-interview checklist, kept in its own table and shown on the chat (a chat field,
 * ./chat-field.ts) and in its transcript: recorded by the librarian holding the chat, or, after
 * it ended, by the one who held it.
 */
export class InterviewRecords {
  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
    /** Shared with the chat field `interview`, which reads from it. */
    private readonly store: InterviewStore,
  ) {}

  readonly commands: CommandTable<InterviewCommand['kind']> = {
    'interview.set': (operator, { chatId, interview }) => {
      const held = checkRecorder(this.chats.store.get(chatId), chatId, operator);
      if (!held.ok) return held;
      if (this.store.isStored(chatId, interview)) return { ok: true, value: {} };
      this.store.set(chatId, interview);
      this.chats.store.transcriptChanged(chatId);
      return { ok: true, value: {}, after: () => this.ctx.publish({ type: 'chat.interview', chatId, interview }) };
    },
  };
}
