import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { patronLabel } from '../../shared/chats/labels';
import type { Note, NoteThread } from '../../shared/notes/schemas';
import { lastSeqIn, noteIsFor, notesIn, threadOf, unreadNotes } from '../../shared/notes/selectors';
import { MAX_TEXT_CHARS } from '../../shared/protocol/common';
import type { Operator } from '../../shared/session/schemas';
import { useAppStore } from '../store';
import { useHandoffUi } from '../transfers/handoff-ui';
import { audienceOf, threadLabel, threadsFor } from './threads';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });

/**
 * Internal notes between librarians: to one colleague, to a campus's librarians, to everyone on
 * shift. Patrons never see any of it. A thread open here is marked read as notes arrive.
 */
export function NotesPanel() {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const notes = useAppStore((s) => s.desk.notes);
  const desk = useAppStore((s) => s.desk);
  const thread = useHandoffUi((s) => s.thread);
  const { openThread } = useHandoffUi.getState();
  // Opened without a choice: the conversation with the newest unread note, else everyone on shift.
  const newestUnread = me ? [...notes.items].reverse().find((n) => noteIsFor(n, me) && n.seq > (notes.read[threadOf(n, me.id)] ?? 0)) : undefined;
  const current: NoteThread = thread ?? (newestUnread && me ? threadOf(newestUnread, me.id) : 'shift');
  // Keep it once shown: reading it must not move the panel elsewhere.
  useEffect(() => {
    if (thread === null) useHandoffUi.setState({ thread: current });
  }, [thread, current]);
  if (!me) return null;
  const threads = threadsFor(notes.items, me);
  const unread = unreadNotes(notes, me);
  const colleagues = Object.values(desk.operators)
    .filter((op) => op.id !== me.id && op.presence !== 'offline')
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <aside className="handoff-panel notes-panel" data-testid="notes-panel" aria-label="Internal notes">
      <header>
        <h2>Notes</h2>
        <span className="hint">Only librarians see these.</span>
      </header>
      <div className="notes-layout">
        <nav aria-label="Conversations">
          <ul className="threads">
            {threads.map((t) => (
              <li key={t}>
                <button
                  type="button"
                  className={t === current ? 'current' : ''}
                  data-testid={`thread-${t}`}
                  aria-current={t === current}
                  onClick={() => openThread(t)}
                >
                  {threadLabel(t, desk, notes.items)}
                  {(unread.byThread[t] ?? 0) > 0 && (
                    <span className="unread" data-testid="thread-unread">
                      {unread.byThread[t]}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
          {colleagues.length > 0 && (
            <label className="new-note">
              Note to
              <select value="" onChange={(e) => e.target.value && openThread(`op:${e.target.value}`)} data-testid="note-to">
                <option value="">a colleague on shift…</option>
                {colleagues.map((op) => (
                  <option key={op.id} value={op.id}>
                    {op.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </nav>
        <Thread key={current} thread={current} me={me} />
      </div>
    </aside>
  );
}

/** One conversation: its notes, oldest first, and a line to write in it. */
export function Thread({ thread, me, about, compact }: { thread: NoteThread; me: Operator; about?: string; compact?: boolean }) {
  const view = useAppStore((s) => s.desk.notes);
  const desk = useAppStore((s) => s.desk);
  const items = useMemo(() => notesIn(view, thread, me.id), [view, thread, me.id]);
  const lastSeq = lastSeqIn(view, thread, me.id);
  const readUpTo = view.read[thread] ?? 0;
  const list = useRef<HTMLOListElement>(null);
  // Open means seen: mark read up to the newest note (only others' notes count as unread).
  useEffect(() => {
    if (lastSeq > readUpTo && items.some((n) => n.seq > readUpTo && n.from.id !== me.id)) {
      void useAppStore.getState().callQuietly('notes.read', { thread, seq: lastSeq });
    }
  }, [lastSeq, readUpTo, thread, items, me.id]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [items.length]);
  return (
    <section className={`note-thread ${compact ? 'compact' : ''}`} data-testid="note-thread" data-thread={thread}>
      {!compact && <h3>{threadLabel(thread, desk, view.items)}</h3>}
      <ol ref={list} className="notes" data-testid="notes">
        {items.length === 0 && <li className="hint">No notes yet.</li>}
        {items.map((note) => (
          <NoteLine key={note.id} note={note} me={me} thread={thread} answered={items.some((n) => n.seq > note.seq && n.from.id === me.id)} />
        ))}
      </ol>
      <NoteComposer thread={thread} about={about} />
    </section>
  );
}

function NoteLine({ note, me, thread, answered }: { note: Note; me: Operator; thread: NoteThread; answered: boolean }) {
  const chat = useAppStore((s) => (note.about ? s.desk.chats[note.about] : undefined));
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat?.campus)?.name ?? chat?.campus);
  const mine = note.from.id === me.id;
  // A colleague asking about a chat they hold ("can you take it?") gets a one-click answer; their answer does not.
  const askedMe = !mine && !answered && note.about !== null && thread.startsWith('op:') && chat?.state === 'claimed' && chat.claimedBy?.id === note.from.id;
  const reply = (text: string) => void useAppStore.getState().call('note.send', { to: audienceOf(thread), text, ...(note.about ? { about: note.about } : {}) });
  return (
    <li className={`note ${mine ? 'mine' : ''}`} data-testid="note" data-from={note.from.id}>
      <span className="author">
        {mine ? 'You' : note.from.name} · {time(note.at)}
      </span>
      {chat && (
        <span className="about" data-testid="note-about">
          About {patronLabel(chat)} ({campus})
        </span>
      )}
      <span className="text">{note.text}</span>
      {askedMe && (
        <span className="quick-replies">
          <button type="button" data-testid="reply-yes" onClick={() => reply('Yes, send it over.')}>
            Yes, send it
          </button>
          <button type="button" data-testid="reply-no" onClick={() => reply('Sorry, I can’t take it right now.')}>
            Not now
          </button>
        </span>
      )}
    </li>
  );
}

function NoteComposer({ thread, about }: { thread: NoteThread; about?: string }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    const outcome = await useAppStore.getState().callQuietly('note.send', { to: audienceOf(thread), text: body, ...(about ? { about } : {}) });
    setBusy(false);
    if (outcome.ok) {
      setText('');
      setError(null);
    } else setError(outcome.error.message);
  };
  return (
    <form className="note-composer" onSubmit={send}>
      <textarea
        data-panel-focus
        data-testid="note-input"
        value={text}
        maxLength={MAX_TEXT_CHARS}
        rows={2}
        placeholder="Internal note (Enter sends). Patrons never see notes."
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
      />
      <button type="submit" data-testid="note-send" disabled={!text.trim() || busy}>
        Send note
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
