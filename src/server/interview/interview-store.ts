import { Interview } from '../../shared/interview/schemas';
import type { Db } from '../platform/db';

interface Row {
  chat_id: string;
  interview: string;
}

/** A stored interview read back through its schema; one no schema knows any more reads as none rather than failing the chat. */
function parse(text: string): Interview | null {
  try {
    const parsed = Interview.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The reference interview of each chat (table `chat_interviews`); every SQL statement about it. */
export class InterviewStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      ofChat: db.prepare<[string], Row>('SELECT * FROM chat_interviews WHERE chat_id = ?'),
      ofChats: db.prepare<[string], Row>('SELECT * FROM chat_interviews WHERE chat_id IN (SELECT value FROM json_each(?))'),
      set: db.prepare('INSERT INTO chat_interviews (chat_id, interview) VALUES (?, ?) ON CONFLICT (chat_id) DO UPDATE SET interview = excluded.interview'),
    };
  }

  of(chatId: string): Interview | null {
    const row = this.statements.ofChat.get(chatId);
    return row ? parse(row.interview) : null;
  }

  /** The interviews of many chats with one query: chats without one are absent. */
  ofChats(chatIds: readonly string[]): Map<string, Interview> {
    const found = new Map<string, Interview>();
    for (const row of this.statements.ofChats.all(JSON.stringify(chatIds))) {
      const interview = parse(row.interview);
      if (interview) found.set(row.chat_id, interview);
    }
    return found;
  }

  /** Whether this is what is stored already (a resend changes nothing and tells nobody). */
  isStored(chatId: string, interview: Interview): boolean {
    return this.statements.ofChat.get(chatId)?.interview === JSON.stringify(interview);
  }

  set(chatId: string, interview: Interview): void {
    this.statements.set.run(chatId, JSON.stringify(interview));
  }
}
