import { useEffect, useRef } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { MessageText } from './MessageText';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** A chat's lines, oldest first, kept scrolled to the newest. Internal notes are marked as such. */
export function Messages({ chat }: { chat: Chat }) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [chat.messages.length]);
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
    </ol>
  );
}
