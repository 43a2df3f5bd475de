import { type KeyboardEvent, useMemo, useRef } from 'react';
import { patronLabel } from '../../shared/chats/labels';
import { handOverText } from '../../shared/chats/selectors';
import { chatNudges, DEFAULT_NUDGES, type Nudge } from '../../shared/workspace/nudges';
import { useNow } from '../clock';
import { useCrisisUsed } from '../playbook/crisis-used';
import { useAppStore } from '../store';
import { useHandedOver } from './handed-over';
import { tabIdsStable } from './my-chats';
import { NUDGE_WORDS, nudgeTexts } from './nudge-texts';

/** Nudges that ask something of the librarian now; "the patron left" is said by the ended tab. */
const MARKED: ReadonlySet<Nudge['kind']> = new Set(['dead-air', 'silence', 'silence-end', 'patron-away']);

/** A short campus name for a tab: "Tunxis" for the Tunxis Campus Library. */
const shortCampus = (name: string): string => name.replace(/ Campus Library$| Library$/, '');

/**
 * One tab per chat the librarian holds (and per chat opened to read), with its unread count:
 * several patrons at once without losing track. A chat not in front that needs a word (a nudge)
 * is marked; a chat handed on says where it went until it is dismissed (Delete, or the note in
 * the chat). Arrow keys move along the tabs; Alt+↓ and Alt+↑ work from anywhere.
 */
export function ChatTabs() {
  const tabIds = useAppStore(tabIdsStable);
  const handed = useHandedOver((s) => s.chats);
  const chats = useAppStore((s) => s.desk.chats);
  const viewed = useAppStore((s) => s.viewed);
  const openChatId = useAppStore((s) => s.openChatId);
  const unread = useAppStore((s) => s.unread);
  const typingUntil = useAppStore((s) => s.typingUntil);
  const campuses = useAppStore((s) => s.desk.campuses);
  const meId = useAppStore((s) => s.session?.operator?.id ?? null);
  const settings = useAppStore((s) => s.deskSettings?.nudges ?? DEFAULT_NUDGES);
  const templates = useAppStore((s) => s.desk.templates);
  const crisisChats = useCrisisUsed((s) => s.chats);
  const now = useNow();
  const { openChat } = useAppStore.getState();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  // A held chat handed on before it was ever opened keeps a tab too, to say where it went.
  const ids = useMemo(() => [...tabIds, ...Object.keys(handed).filter((id) => !tabIds.includes(id))], [tabIds, handed]);
  const heldIds = useMemo(() => ids.filter((id) => chats[id]?.state === 'claimed' && chats[id]?.claimedBy?.id === meId && id !== openChatId), [ids, chats, meId, openChatId]);
  // Texts per held chat change with its record and the templates, not with the clock.
  const texts = useMemo(
    () =>
      new Map(
        heldIds.flatMap((id) => {
          const chat = chats[id];
          return chat ? [[id, nudgeTexts(useAppStore.getState(), chat)] as const] : [];
        }),
      ),
    // The templates are read through the state; they are listed so that an edit refills the texts.
    [heldIds, chats, templates],
  );
  if (ids.length === 0) return null;
  const campusName = (id: string) => shortCampus(campuses.find((c) => c.id === id)?.name ?? id);

  const onKey = (event: KeyboardEvent, index: number, id: string) => {
    if (event.key === 'Delete' && handed[id]) {
      event.preventDefault();
      useHandedOver.getState().dismiss(id);
      return;
    }
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
        const typing = (typingUntil[id] ?? 0) > Date.now();
        const handOver = handed[id] ?? null;
        const chatTexts = texts.get(id);
        const nudge = chat && chatTexts ? chatNudges(chat, now, meId, settings, chatTexts, { crisisPanel: crisisChats.includes(id) }).find((n) => MARKED.has(n.kind)) : undefined;
        const handOverLine = handOver ? handOverText(handOver, campusName) : null;
        return (
          <button
            key={id}
            ref={(el) => {
              // A closed tab's key goes too: left as null, one was kept for every chat of a shift.
              if (el) refs.current[id] = el;
              else delete refs.current[id];
            }}
            type="button"
            role="tab"
            id={`chat-tab-${id}`}
            aria-selected={selected}
            aria-controls="conversation"
            tabIndex={selected || (openChatId === null && index === 0) ? 0 : -1}
            className={`chat-tab ${selected ? 'selected' : ''} state-${chat?.state ?? 'ended'}${nudge ? ' nudged' : ''}${handOver ? ' handed-over' : ''}`}
            data-testid="chat-tab"
            data-chat-id={id}
            data-unread={count}
            data-nudge={nudge?.kind}
            data-handed-over={handOver?.kind}
            onClick={() => openChat(id)}
            onKeyDown={(e) => onKey(e, index, id)}
          >
            <span className="tab-name">{chat ? patronLabel(chat) : 'Transcript'}</span>
            <span className="tab-campus" title={chat ? campusName(chat.campus) : undefined}>
              {chat ? campusName(chat.campus) : ''}
            </span>
            {handOverLine ? (
              <span className="tab-state" data-testid="tab-handed-over">
                {handOverLine}
              </span>
            ) : (
              chat?.state === 'ended' && <span className="tab-state">ended</span>
            )}
            {typing && <span className="tab-typing" aria-label="typing">…</span>}
            {nudge && (
              <span className="tab-nudge" data-testid="tab-nudge" title={`Needs you: ${NUDGE_WORDS[nudge.kind]}`}>
                <span aria-hidden="true">!</span>
                <span className="visually-hidden">needs you: {NUDGE_WORDS[nudge.kind]}</span>
              </span>
            )}
            {handOver && <span className="visually-hidden">(Delete closes this tab)</span>}
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
