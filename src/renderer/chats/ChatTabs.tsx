import { type KeyboardEvent, useRef } from 'react';
import { patronLabel } from '../../shared/chats/labels';
import { useAppStore } from '../store';
import { tabIdsStable } from './my-chats';

/**
 * One tab per chat the librarian holds (and per chat opened to read), with its unread count:
 * several patrons at once without losing track. Arrow keys move along the tabs; Alt+↓ and
 * Alt+↑ work from anywhere.
 */
export function ChatTabs() {
  const ids = useAppStore(tabIdsStable);
  const chats = useAppStore((s) => s.desk.chats);
  const viewed = useAppStore((s) => s.viewed);
  const openChatId = useAppStore((s) => s.openChatId);
  const unread = useAppStore((s) => s.unread);
  const typingUntil = useAppStore((s) => s.typingUntil);
  const campuses = useAppStore((s) => s.desk.campuses);
  const { openChat } = useAppStore.getState();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  if (ids.length === 0) return null;

  const onKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || event.altKey) return;
    event.preventDefault();
    const next = ids[(index + step + ids.length) % ids.length];
    if (!next) return;
    openChat(next);
    refs.current[next]?.focus();
  };

  return (
    <div className="chat-tabs" role="tablist" aria-label="Your chats" data-testid="chat-tabs">
      {ids.map((id, index) => {
        const chat = chats[id] ?? viewed[id];
        const count = unread[id] ?? 0;
        const selected = id === openChatId;
        const campus = campuses.find((c) => c.id === chat?.campus)?.name.replace(/ Campus Library$| Library$/, '') ?? chat?.campus ?? '';
        const typing = (typingUntil[id] ?? 0) > Date.now();
        return (
          <button
            key={id}
            ref={(el) => {
              refs.current[id] = el;
            }}
            type="button"
            role="tab"
            id={`chat-tab-${id}`}
            aria-selected={selected}
            aria-controls="conversation"
            tabIndex={selected || (openChatId === null && index === 0) ? 0 : -1}
            className={`chat-tab ${selected ? 'selected' : ''} state-${chat?.state ?? 'ended'}`}
            data-testid="chat-tab"
            data-chat-id={id}
            data-unread={count}
            onClick={() => openChat(id)}
            onKeyDown={(e) => onKey(e, index)}
          >
            <span className="tab-name">{chat ? patronLabel(chat) : 'Transcript'}</span>
            <span className="tab-campus">{campus}</span>
            {chat?.state === 'ended' && <span className="tab-state">ended</span>}
            {typing && <span className="tab-typing" aria-label="typing">…</span>}
            {count > 0 && (
              <span className="unread-badge" data-testid="unread-badge" aria-label={`${count} unread`}>
                {count}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
