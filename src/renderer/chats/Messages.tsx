import { useEffect, useMemo, useRef } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import type { UnsentLine } from '../../shared/session/calls';
import { useAppStore } from '../store';
import { MessageText } from './MessageText';
import './pending-lines.css';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const NONE: readonly UnsentLine[] = [];

/**
 * A chat's lines, oldest first, kept scrolled to the newest. Internal notes are marked as such.
 * After them, the librarian's lines still waiting for the backend (typed while the link is down),
 * marked "Not sent yet", as typed; each gives way to the stored line once the backend has it, in
 * the same render (main marks it with the line's place before the line arrives), never both.
 */
export function Messages({ chat }: { chat: Chat }) {
  const list = useRef<HTMLOListElement>(null);
  const unsent = useAppStore((s) => s.session?.unsent ?? NONE);
  const pending = useMemo(() => {
    const stored = new Set(chat.messages.map((m) => m.seq));
    return unsent.filter((line) => line.chatId === chat.id && (line.messageSeq === null || !stored.has(line.messageSeq)));
  }, [unsent, chat.id, chat.messages]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [chat.messages.length, pending.length]);
  return (
    <ol className="messages" ref={list} data-testid="messages" aria-label="Messages">
      {chat.messages.map((m) => (
        <li key={m.id} className={`message from-${m.from} ${m.visibility === 'operators' ? 'note' : ''}`} data-testid="message" data-from={m.from}>
          <span className="author">
            {m.authorName}
            {m.visibility === 'operators' ? ' (internal note)' : ''} <time dateTime={new Date(m.at).toISOString()}>{time(m.at)}</time>
          </span>
          <MessageText from={m.from} text={m.text} />
        </li>
      ))}
      {pending.map((line) => (
        <li key={line.id} className="message from-operator unsent" data-testid="unsent-message" data-from="operator">
          <span className="author">
            You · <strong>Not sent yet</strong>: it goes when the connection is back <time dateTime={new Date(line.queuedAt).toISOString()}>{time(line.queuedAt)}</time>
          </span>
          {/* As typed, text only: not yet a line of the conversation. */}
          <span className="text">{line.text}</span>
        </li>
      ))}
    </ol>
  );
}
