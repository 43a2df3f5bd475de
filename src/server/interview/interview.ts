import type { InterviewCommand } from '../../shared/interview/events';
import type { CommandTable, ServerContext } from '../capability';
import { checkRecorder, type Chats } from '../chats/chats';

/**
 * The reference-interview checklist, kept with the chat's record (and so in its transcript):
 * recorded by the librarian holding the chat, or, after it ended, by the one who held it.
 */
export class InterviewRecords {
  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
  ) {}

  readonly commands: CommandTable<InterviewCommand['kind']> = {
    'interview.set': (operator, { chatId, interview }) => {
      const held = checkRecorder(this.chats.store.get(chatId), chatId, operator);
      if (!held.ok) return held;
      if (held.value.interview === JSON.stringify(interview)) return { ok: true, value: {} };
      this.chats.store.setInterview(chatId, interview);
      return { ok: true, value: {}, after: () => this.ctx.publish({ type: 'chat.interview', chatId, interview }) };
    },
  };
}
