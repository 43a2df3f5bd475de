import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { MAX_TEXT_CHARS } from '../../shared/api';
import { closingTimeAnswer } from '../../shared/campuses/hours';
import { patronLabel } from '../../shared/chats/labels';
import { useAppStore } from '../store';
import { allLibrariesLink, useAllLibrariesUrl } from '../campuses/all-libraries';
import { ClaimButton } from './ClaimButton';
import { ChatHandoffs } from '../transfers/ChatHandoffs';
import { MessageText } from './MessageText';

/** The conversation with one patron: transcript, composer, end. Patron text is only ever text. */
export function ChatPane() {
  const chatId = useAppStore((s) => s.openChatId);
  const chat = useAppStore((s) => (s.openChatId ? (s.desk.chats[s.openChatId] ?? null) : null));
  const me = useAppStore((s) => s.session?.operator ?? null);
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat?.campus) ?? null);
  const campusName = campus?.name ?? chat?.campus ?? '';
  const allLibrariesUrl = useAllLibrariesUrl();
  const { call, callOutcome, openChat, showCampus, setDraft: keepDraft, insertIntoDraft } = useAppStore.getState();
  const draft = useAppStore((s) => (s.openChatId ? (s.drafts[s.openChatId] ?? '') : ''));
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);

  // The desk holds chat summaries; the transcript is loaded when the chat is opened.
  useEffect(() => {
    if (!chatId) return;
    let live = true;
    void useAppStore
      .getState()
      .callQuietly('chat.history', { chatId })
      .then((outcome) => live && setHistoryError(outcome.ok ? null : outcome.error.message));
    return () => {
      live = false;
    };
  }, [chatId]);

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [chat?.messages.length]);
  useEffect(() => setConfirmEnd(false), [chatId]);

  if (!chat) return <section className="chat-pane empty">Claim a chat to talk with the patron.</section>;
  const mine = chat.state === 'claimed' && chat.claimedBy?.id === me?.id;

  const setDraft = (text: string) => keepDraft(chat.id, text);
  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || !mine) return;
    const chatId = chat.id;
    keepDraft(chatId, ''); // the core's outbox keeps it until the backend acks, even while offline
    const outcome = await callOutcome('chat.send', { chatId, text });
    // Refused: give the text back to this chat's composer. 'interrupted' means it may still be
    // delivered, so the text is not put back where a second Send would repeat it.
    // Never into another librarian's desk: the answer may come after a sign-out.
    const stillMe = useAppStore.getState().session?.operator?.id === me?.id;
    if (!outcome.ok && outcome.error.code !== 'interrupted' && stillMe && !useAppStore.getState().drafts[chatId]) keepDraft(chatId, text);
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  };
  const end = async () => {
    if (!confirmEnd) return setConfirmEnd(true);
    setConfirmEnd(false);
    await call('chat.end', { chatId: chat.id });
  };

  return (
    <section className="chat-pane" data-testid="chat-pane" data-chat-id={chat.id}>
      <header>
        <div>
          <button type="button" className="patron-name" onClick={() => showCampus(chat.campus)}>
            {patronLabel(chat)}
          </button>
          <span className="campus-tag">{campusName}</span>
          <span className="encounter" title="Encounter ID">
            {chat.encounterId}
          </span>
        </div>
        <div>
          {mine && (
            <button type="button" className={confirmEnd ? 'danger' : ''} data-testid="end-chat" onClick={end}>
              {confirmEnd ? 'Really end?' : 'End chat'}
            </button>
          )}
          <button type="button" onClick={() => openChat(null)} aria-label="Close chat pane">
            ×
          </button>
        </div>
      </header>
      <ol className="messages" ref={list} data-testid="messages">
        {chat.messages.map((m) => (
          <li key={m.id} className={`message from-${m.from}`} data-testid="message" data-from={m.from} data-visibility={m.visibility}>
            <span className="author">{m.authorName}</span>
            <MessageText from={m.from} text={m.text} />
          </li>
        ))}
      </ol>
      {historyError && (
        <p className="hint" role="status" data-testid="history-error">
          Earlier messages could not be loaded ({historyError}); new ones still arrive.
        </p>
      )}
      {chat.state === 'ended' && <p className="ended-note">This chat has ended. The transcript is saved.</p>}
      {/* ---- Hand-offs toolbar (issue 8): Transfer, Ticket, Internal note mount here. ---- */}
      {mine && <ChatHandoffs chat={chat} />}
      {mine && (
        <div className="quick-answers" aria-label="Quick answers">
          {campus && (
            <button
              type="button"
              data-testid="closes-today"
              title={`Answer "when do you close today?" for the ${campus.name}`}
              onClick={() => insertIntoDraft(chat.id, closingTimeAnswer(campus, Date.now()).text)}
            >
              Closing time today
            </button>
          )}
          {allLibrariesUrl && (
            <button type="button" data-testid="insert-all-libraries" onClick={() => insertIntoDraft(chat.id, allLibrariesLink(allLibrariesUrl))}>
              All libraries link
            </button>
          )}
        </div>
      )}
      {mine ? (
        <form className="composer" onSubmit={send}>
          <textarea
            data-testid="composer"
            value={draft}
            maxLength={MAX_TEXT_CHARS}
            placeholder="Type a reply. Enter sends, Shift+Enter for a new line."
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKey}
            rows={3}
          />
          <button type="submit" data-testid="send" disabled={!draft.trim()}>
            Send
          </button>
        </form>
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
