import { useEffect, useRef, useState } from 'react';
import { patronLabel } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { Composer } from '../composer/Composer';
import { ChatSlot } from '../slots/Slot';
import { useAppStore } from '../store';
import { useEscapeToClose } from '../workspace/escape';
import { useFocusTarget } from '../workspace/focus';
import { ClaimButton } from './ClaimButton';
import { Messages } from './Messages';
import { Nudges } from './Nudges';
import { PatronCard } from './PatronCard';

/** A chat no longer on the desk (an old one, found by search): its whole transcript, from this computer or the backend. */
function useChat(chatId: string | null): { chat: Chat | null; onDesk: boolean; error: string | null } {
  const onDesk = useAppStore((s) => (chatId ? (s.desk.chats[chatId] ?? null) : null));
  const viewed = useAppStore((s) => (chatId ? (s.viewed[chatId] ?? null) : null));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!chatId) return;
    let live = true;
    const { callQuietly, keepViewed } = useAppStore.getState();
    if (useAppStore.getState().desk.chats[chatId]) {
      // The desk holds summaries; the lines are loaded when the chat is opened.
      void callQuietly('chat.history', { chatId }).then((outcome) => live && setError(outcome.ok ? null : outcome.error.message));
    } else {
      void callQuietly('transcripts.get', { chatId }).then((outcome) => {
        if (!live) return;
        if (outcome.ok) keepViewed(outcome.value.chat);
        setError(outcome.ok ? null : outcome.error.message);
      });
    }
    return () => {
      live = false;
    };
  }, [chatId]);
  return { chat: onDesk ?? viewed, onDesk: onDesk !== null, error };
}

/**
 * The conversation with one patron: who they are, what the chat needs now, the transcript, the
 * actions (the hand-off tools' slot, quick answers, end) and the reply box. The chat's panels
 * (templates, the interview, the crisis and abuse playbooks, the transcript) are the dock's,
 * beside it. Patron text is only ever text.
 */
export function ChatPane() {
  const chatId = useAppStore((s) => s.openChatId);
  const { chat, onDesk, error } = useChat(chatId);
  const me = useAppStore((s) => s.session?.operator ?? null);
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat?.campus) ?? null);
  const typingUntil = useAppStore((s) => (chatId ? (s.typingUntil[chatId] ?? 0) : 0));
  const { call, closeTab } = useAppStore.getState();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  useFocusTarget('end-confirm', endButton, () => setConfirmEnd(true));
  useEscapeToClose(confirmEnd, () => setConfirmEnd(false));
  const [, tick] = useState(0);
  useEffect(() => {
    // The typing line goes by itself when no news comes.
    if (typingUntil <= Date.now()) return;
    const timer = setTimeout(() => tick((n) => n + 1), typingUntil - Date.now() + 50);
    return () => clearTimeout(timer);
  }, [typingUntil]);

  if (!chatId) {
    return (
      <section className="chat-pane empty" id="conversation" tabIndex={-1} aria-label="Conversation">
        Claim a chat to talk with the patron (Alt+C claims the next one).
      </section>
    );
  }
  if (!chat) {
    return (
      <section className="chat-pane empty" id="conversation" tabIndex={-1} aria-label="Conversation" data-testid="chat-loading">
        {error ? `This transcript could not be loaded: ${error}` : 'Loading the transcript…'}
      </section>
    );
  }
  const campusName = campus?.name ?? chat.campus;
  const mine = chat.state === 'claimed' && chat.claimedBy?.id === me?.id;
  const typing = typingUntil > Date.now() && chat.state !== 'ended';

  const end = async () => {
    if (!confirmEnd) return setConfirmEnd(true);
    setConfirmEnd(false);
    await call('chat.end', { chatId: chat.id });
  };

  return (
    <section className="chat-pane" id="conversation" tabIndex={-1} data-testid="chat-pane" data-chat-id={chat.id} data-state={chat.state} aria-label={`Chat with ${patronLabel(chat)}`}>
      <header>
        <PatronCard chat={chat} mine={mine} campusName={campusName} />
        <button type="button" className="close" onClick={() => closeTab(chat.id)} aria-label="Close this chat’s tab">
          ×
        </button>
      </header>
      <Nudges chat={chat} />
      <Messages chat={chat} />
      {typing && (
        <p className="typing" data-testid="patron-typing">
          {patronLabel(chat) === 'Name not given' ? 'The patron' : patronLabel(chat)} is typing…
        </p>
      )}
      {error && onDesk && (
        <p className="hint" role="status" data-testid="history-error">
          Earlier messages could not be loaded ({error}); new ones still arrive.
        </p>
      )}
      {chat.state === 'ended' && (
        <p className="ended-note" data-testid="ended-note">
          This chat has ended{chat.endReason === 'policy' ? ' under the acceptable-use policy' : chat.endReason === 'patron_left' ? ': the patron left' : ''}. The transcript is saved ({chat.encounterId}).
        </p>
      )}
      <div className="chat-toolbar" role="group" aria-label="Chat actions">
        {/* What other capabilities add for this chat (the hand-off tools, the quick answers): ../slots. */}
        <div className="handoff-actions" data-slot="handoff-actions" data-testid="handoff-slot">
          <ChatSlot name="chat-actions" chat={chat} mine={mine} campusName={campusName} />
        </div>
        {(mine || (chat.state === 'waiting' && me)) && (
          <button
            type="button"
            ref={endButton}
            className={`small end ${confirmEnd ? 'danger' : ''}`}
            data-testid="end-chat"
            aria-keyshortcuts="Alt+X"
            title="End chat (Alt+X)"
            onClick={() => void end()}
            onBlur={() => setConfirmEnd(false)}
          >
            {confirmEnd ? 'Really end?' : 'End chat'}
          </button>
        )}
      </div>
      {mine ? (
        <Composer chat={chat} />
      ) : chat.state === 'waiting' ? (
        <p className="hint">
          Waiting for a librarian. <ClaimButton chatId={chat.id} />
        </p>
      ) : (
        chat.state === 'claimed' && <p className="hint">Claimed by {chat.claimedBy?.name}.</p>
      )}
    </section>
  );
}
