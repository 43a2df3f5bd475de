import { type FormEvent, useMemo, useRef, useState } from 'react';
import { findContacts } from '../../shared/chats/contacts';
import { knownPatronName, patronLabel, patronQuestion } from '../../shared/chats/labels';
import { handOverText } from '../../shared/chats/selectors';
import { PatronEmail, PatronPhone, type Chat } from '../../shared/chats/schemas';
import { PersonName } from '../../shared/protocol/common';
import { duration } from '../../shared/transcripts/format';
import { chatTimes } from '../../shared/workspace/nudges';
import { useNow } from '../clock';
import { ChatSlot } from '../slots/Slot';
import { useAppStore } from '../store';
import { useFocusTarget } from '../workspace/focus';
import { useHandedOver, useHandOverOf } from './handed-over';
import { sendText } from './send';
import { templateFor } from './template-vars';

const errorOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? null : (result.error?.issues[0]?.message ?? 'invalid'));

/** The name, email and phone the patron gave, as the librarian records them (kept with the chat, shown everywhere). */
function PatronForm({ chat, onDone }: { chat: Chat; onDone(): void }) {
  const [name, setName] = useState(chat.givenName ?? knownPatronName(chat) ?? '');
  const [email, setEmail] = useState(chat.patronEmail);
  const [phone, setPhone] = useState(chat.patronPhone);
  const [error, setError] = useState<string | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const problem =
      (trimmed === '' ? null : errorOf(PersonName.safeParse(trimmed))) ?? errorOf(PatronEmail.safeParse(email.trim())) ?? errorOf(PatronPhone.safeParse(phone.trim()));
    if (problem) return setError(problem);
    // The name box's own name stays as it was typed; only a name given in the chat is recorded as given.
    const givenName = trimmed === '' || (!chat.nameIsQuestion && trimmed === chat.patronName.trim() && chat.givenName === null) ? null : trimmed;
    const outcome = await useAppStore.getState().callQuietly('chat.setPatron', { chatId: chat.id, givenName, email: email.trim(), phone: phone.trim() });
    if (!outcome.ok) return setError(outcome.error.message);
    onDone();
  };
  return (
    <form className="patron-form" data-testid="patron-form" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onDone())}>
      <label>
        Name they gave
        <input data-testid="patron-name-input" value={name} autoFocus maxLength={120} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Email
        <input data-testid="patron-email-input" type="email" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Phone
        <input data-testid="patron-phone-input" type="tel" value={phone} maxLength={40} onChange={(e) => setPhone(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" data-testid="patron-save">
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Who the patron is and where they came from: their name (or, when the name box held their
 * question, that question and a prompt to ask the name), campus, email and phone, the
 * encounter ID, and how long they waited and have chatted. The name opens the campus card.
 */
export function PatronCard({ chat, mine, campusName }: { chat: Chat; mine: boolean; campusName: string }) {
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const nameButton = useRef<HTMLButtonElement>(null);
  const { showCampus } = useAppStore.getState();
  useFocusTarget('patron-name', nameButton);
  const { waited, chatted } = chatTimes(chat, now);
  const handOver = useHandOverOf(chat.id);
  const campusNameOf = (id: string) => useAppStore.getState().desk.campuses.find((c) => c.id === id)?.name ?? id;
  const patronLines = useMemo(() => chat.messages.filter((m) => m.from === 'patron').map((m) => m.text), [chat.messages]);
  const found = useMemo(() => findContacts(patronLines), [patronLines]);
  const suggestEmail = found.emails.find((e) => e !== chat.patronEmail.toLowerCase());
  const suggestPhone = found.phones.find((p) => p !== chat.patronPhone);
  const nameUnknown = knownPatronName(chat) === null;
  const recorder = mine || (chat.state === 'ended' && chat.claimedBy?.id === useAppStore.getState().session?.operator?.id);

  const keep = (change: { email?: string; phone?: string }) =>
    void useAppStore.getState().call('chat.setPatron', { chatId: chat.id, givenName: chat.givenName, email: change.email ?? chat.patronEmail, phone: change.phone ?? chat.patronPhone });
  const askFor = (pick: 'greeting.ask-name' | 'followup.ask-email') => {
    const text = templateFor(useAppStore.getState(), chat, (t) => t.id === pick);
    if (text) void sendText(chat.id, text);
  };

  return (
    <section className="patron-card" data-testid="patron-card" aria-label="Patron">
      <div className="patron-line">
        <button
          type="button"
          ref={nameButton}
          className="patron-name big"
          data-testid="patron-card-name"
          title={`${patronLabel(chat)}: show the ${campusName} card`}
          onClick={() => showCampus(chat.campus)}
        >
          {patronLabel(chat)}
        </button>
        <span className="campus-tag">{campusName}</span>
        {recorder && !editing && (
          <button type="button" className="small" data-testid="edit-patron" onClick={() => setEditing(true)}>
            {nameUnknown ? 'Set name' : 'Edit details'}
          </button>
        )}
      </div>
      {handOver && !mine && (
        <p className="handed-over" data-testid="handed-over" role="status">
          {handOverText(handOver, campusNameOf)}.{' '}
          <button type="button" className="small" data-testid="dismiss-handed-over" onClick={() => useHandedOver.getState().dismiss(chat.id)}>
            Close this tab
          </button>
        </p>
      )}
      {chat.nameIsQuestion && (
        <div className="name-question" data-testid="name-question">
          <p>
            <strong>Their question</strong> (typed in the name box): <span className="question">{patronQuestion(chat)}</span>
          </p>
          {nameUnknown && (
            <p className="prompt">
              Ask for their name, then set it.{' '}
              {mine && (
                <button type="button" className="small" data-testid="ask-name" onClick={() => askFor('greeting.ask-name')}>
                  Ask for the name
                </button>
              )}
            </p>
          )}
        </div>
      )}
      {editing ? (
        <PatronForm chat={chat} onDone={() => setEditing(false)} />
      ) : (
        <dl className="patron-facts">
          <div>
            <dt>Email</dt>
            <dd data-testid="patron-email">
              {chat.patronEmail || <span className="unknown">not given</span>}{' '}
              {!chat.patronEmail && mine && (
                <button type="button" className="small" data-testid="ask-email" onClick={() => askFor('followup.ask-email')}>
                  Ask for it
                </button>
              )}
              {recorder && suggestEmail && (
                <button type="button" className="small" data-testid="keep-email" onClick={() => keep({ email: suggestEmail })}>
                  Keep {suggestEmail}
                </button>
              )}
            </dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd data-testid="patron-phone">
              {chat.patronPhone || <span className="unknown">not given</span>}{' '}
              {recorder && suggestPhone && (
                <button type="button" className="small" onClick={() => keep({ phone: suggestPhone })}>
                  Keep {suggestPhone}
                </button>
              )}
            </dd>
          </div>
          <div>
            <dt>Encounter</dt>
            <dd className="encounter" data-testid="encounter-id">
              {chat.encounterId}
            </dd>
          </div>
          <div>
            <dt>Waited</dt>
            <dd data-testid="waited">{duration(waited)}</dd>
          </div>
          <div>
            <dt>Chat</dt>
            <dd data-testid="chat-time">{chatted === null ? 'not started' : duration(chatted)}</dd>
          </div>
        </dl>
      )}
      {/* What other capabilities know of this patron or chat (../slots). */}
      <ChatSlot name="patron-card" chat={chat} mine={mine} campusName={campusName} />
    </section>
  );
}
