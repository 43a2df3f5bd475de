import type { Note, NoteAudience, NotesView } from '../../shared/notes/schemas';
import type { Operator } from '../../shared/session/schemas';
import type { Db } from '../platform/db';

interface NoteRow {
  seq: number;
  id: string;
  from_id: string;
  from_name: string;
  from_campus: string;
  to_kind: string;
  to_id: string;
  to_name: string | null;
  to_campus: string | null;
  about: string | null;
  text: string;
  at: number;
}

const NOTE_SELECT = `SELECT n.*, f.name AS from_name, f.campus AS from_campus, t.name AS to_name, t.campus AS to_campus
  FROM notes n JOIN operators f ON f.id = n.from_id LEFT JOIN operators t ON n.to_kind = 'operator' AND t.id = n.to_id`;

function audienceOf(row: Pick<NoteRow, 'to_kind' | 'to_id'>): NoteAudience {
  switch (row.to_kind) {
    case 'operator':
      return { kind: 'operator', operatorId: row.to_id };
    case 'campus':
      return { kind: 'campus', campus: row.to_id };
    case 'shift':
      return { kind: 'shift' };
    default:
      throw new Error(`a stored note has an unknown audience "${row.to_kind}"`);
  }
}

const toNote = (row: NoteRow): Note => ({
  id: row.id,
  seq: row.seq,
  from: { id: row.from_id, name: row.from_name, campus: row.from_campus },
  to: audienceOf(row),
  toOperator: row.to_name !== null && row.to_campus !== null ? { id: row.to_id, name: row.to_name, campus: row.to_campus } : null,
  text: row.text,
  at: row.at,
  about: row.about,
});

export interface NewNote {
  id: string;
  from: Operator;
  to: NoteAudience;
  text: string;
  at: number;
  about: string | null;
}

/** Every SQL statement about notes between librarians; callers own the transactions. */
export class NoteStore {
  private readonly insert;
  private readonly bySeq;
  private readonly visible;
  private readonly reads;
  private readonly markRead;

  constructor(db: Db) {
    this.insert = db.prepare('INSERT INTO notes (id, from_id, to_kind, to_id, about, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.bySeq = db.prepare<[number | bigint], NoteRow>(`${NOTE_SELECT} WHERE n.seq = ?`);
    // What one librarian may read: to everyone, to their campus, to them, or from them.
    this.visible = db.prepare<{ me: string; campus: string; limit: number }, NoteRow>(
      `SELECT * FROM (${NOTE_SELECT}
         WHERE n.to_kind = 'shift' OR (n.to_kind = 'campus' AND n.to_id = @campus) OR (n.to_kind = 'operator' AND n.to_id = @me) OR n.from_id = @me
         ORDER BY n.seq DESC LIMIT @limit) ORDER BY seq`,
    );
    this.reads = db.prepare<[string], { thread: string; seq: number }>('SELECT thread, seq FROM note_reads WHERE operator_id = ?');
    // Read marks only move forward, whatever order two desks of one librarian send them in.
    this.markRead = db.prepare(
      `INSERT INTO note_reads (operator_id, thread, seq) VALUES (?, ?, ?)
       ON CONFLICT (operator_id, thread) DO UPDATE SET seq = MAX(seq, excluded.seq)`,
    );
  }

  add(note: NewNote): Note {
    const to = note.to.kind === 'operator' ? note.to.operatorId : note.to.kind === 'campus' ? note.to.campus : '';
    const info = this.insert.run(note.id, note.from.id, note.to.kind, to, note.about, note.text, note.at);
    const row = this.bySeq.get(info.lastInsertRowid);
    if (!row) throw new Error(`note ${note.id} vanished after insert`);
    return toNote(row);
  }

  /** The latest notes a librarian may read, oldest first, and their read marks. */
  viewFor(operator: Operator, limit: number): NotesView {
    const items = this.visible.all({ me: operator.id, campus: operator.campus, limit }).map(toNote);
    const read = Object.fromEntries(this.reads.all(operator.id).map((r) => [r.thread, r.seq]));
    return { items, read };
  }

  markReadUpTo(operatorId: string, thread: string, seq: number): void {
    this.markRead.run(operatorId, thread, seq);
  }
}
