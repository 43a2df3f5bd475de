import type { DeskSnapshot } from '../../shared/desk/events';
import type { NoteCommand } from '../../shared/notes/events';
import { MAX_NOTES_KEPT } from '../../shared/notes/reduce';
import type { Note } from '../../shared/notes/schemas';
import type { Operator } from '../../shared/session/schemas';
import { type CommandTable, refuse, type ServerContext } from '../capability';
import { type Chats, checkChat } from '../chats/chats';
import { newId } from '../platform/secrets';
import { newMessageId } from '../platform/ids';
import { NoteStore } from './note-store';

/**
 * Internal notes: librarian to librarian, to a campus, to everyone on shift, and notes inside a
 * chat. A note never reaches a patron: the ones between librarians are not transcript lines at
 * all and go only to their readers' desks; a note inside a chat is a line with visibility
 * `operators`, which every path to a patron filters out (chats/chats.ts).
 */
export class Notes {
  readonly store: NoteStore;

  constructor(
    private readonly ctx: ServerContext,
    private readonly chats: Chats,
  ) {
    this.store = new NoteStore(ctx.db);
  }

  snapshot(operator: Operator): Pick<DeskSnapshot, 'notes'> {
    return { notes: this.store.viewFor(operator, MAX_NOTES_KEPT) };
  }

  /** Who may read a note: its author and its audience, as the accounts are now. */
  private readersOf(note: Note): Set<string> {
    const readers = new Set([note.from.id]);
    switch (note.to.kind) {
      case 'operator':
        readers.add(note.to.operatorId);
        break;
      case 'campus':
        for (const op of this.ctx.accounts.listOperators()) if (op.campus === note.to.campus) readers.add(op.id);
        break;
      case 'shift':
        for (const op of this.ctx.accounts.listOperators()) readers.add(op.id);
        break;
    }
    return readers;
  }

  readonly commands: CommandTable<NoteCommand['kind']> = {
    'note.send': (operator, { to, text, about }, { now }) => {
      if (to.kind === 'operator') {
        if (to.operatorId === operator.id) return refuse('invalid_frame', 'a note to yourself goes nowhere: pick a colleague');
        if (!this.ctx.accounts.getOperator(to.operatorId)) return refuse('not_found', 'no such librarian');
      }
      if (to.kind === 'campus' && !this.ctx.directory.get(to.campus)) return refuse('not_found', `unknown campus "${to.campus}"`);
      if (about !== undefined && !this.chats.store.get(about)) return refuse('not_found', `no chat ${about}`);
      const note = this.store.add({ id: `n_${newId(12)}`, from: operator, to, text, at: now, about: about ?? null });
      return { ok: true, value: {}, after: () => this.ctx.publishTo(this.readersOf(note), { type: 'note.posted', note }) };
    },

    'note.chat': (operator, { chatId, text }, { clientId, now }) => {
      // Only the librarian holding the chat writes in it, notes included.
      const held = checkChat(this.chats.store.get(chatId), chatId, operator, 'held');
      if (!held.ok) return held;
      if (this.chats.chatIsFull(chatId)) return refuse('rate_limited', 'this chat has reached its message limit');
      const message = this.chats.store.addMessage({
        id: newMessageId(),
        chatId,
        from: 'operator',
        visibility: 'operators',
        authorId: operator.id,
        authorName: operator.name,
        text,
        at: now,
        clientId,
      });
      return { ok: true, value: { messageSeq: message.seq }, after: () => this.chats.deliver(message) };
    },

    'notes.read': (operator, { thread, seq }) => {
      this.store.markReadUpTo(operator.id, thread, seq);
      // Every desk of this librarian clears the count; nobody else hears of it.
      return { ok: true, value: {}, after: () => this.ctx.publishTo(new Set([operator.id]), { type: 'notes.read', thread, seq }) };
    },
  };
}
