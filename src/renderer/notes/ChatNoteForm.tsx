import { type FormEvent, useState } from 'react';
import { MAX_TEXT_CHARS } from '../../shared/protocol/common';
import { useAppStore } from '../store';

/** An internal note inside a chat: a line in its transcript that only librarians see (a colleague taking it over reads it too). */
export function ChatNoteForm({ chatId, onDone }: { chatId: string; onDone(): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    if (!body) return;
    const outcome = await useAppStore.getState().callQuietly('note.chat', { chatId, text: body });
    if (outcome.ok) onDone();
    else setError(outcome.error.message);
  };
  return (
    <form className="chat-note-form" onSubmit={add} data-testid="chat-note-form">
      <textarea
        data-testid="chat-note-input"
        autoFocus
        value={text}
        maxLength={MAX_TEXT_CHARS}
        rows={2}
        placeholder="Internal note in this chat: librarians only, never the patron"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
      />
      <button type="submit" data-testid="chat-note-add" disabled={!text.trim()}>
        Add note
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
