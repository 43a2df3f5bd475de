import { type FormEvent, useMemo, useState } from 'react';
import { patronLabel } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { onlineAt } from '../../shared/presence/who-is-on';
import { MAX_TEXT_CHARS } from '../../shared/protocol/common';
import type { Operator } from '../../shared/session/schemas';
import { emailIn } from '../../shared/chats/contacts';
import { useAppStore } from '../store';
import { Dialog } from '../transfers/Dialog';

/**
 * Make a ticket from the chat: the last resort. While librarians of the patron's campus are
 * online the dialog says so and offers the transfer first (the backend refuses too, unless the
 * librarian goes ahead anyway). Without an email it offers the one-click "ask for email"
 * message, or records that there is none. The patron is told by template; the chat ends.
 */
export function TicketDialog({ chat, me, onClose, onTransfer }: { chat: Chat; me: Operator; onClose(): void; onTransfer(): void }) {
  const operators = useAppStore((s) => s.desk.operators);
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat.campus)?.name ?? chat.campus);
  const online = useMemo(() => onlineAt({ operators }, chat.campus, me.id), [operators, chat.campus, me.id]);
  const [goAhead, setGoAhead] = useState(false);
  // The email recorded on the patron card, else one the patron typed in the chat.
  const typed = useMemo(() => [...chat.messages].reverse().find((m) => m.from === 'patron' && emailIn(m.text)), [chat.messages]);
  const [email, setEmail] = useState(() => chat.patronEmail || (typed ? (emailIn(typed.text) ?? '') : ''));
  const [noEmail, setNoEmail] = useState(false);
  const [question, setQuestion] = useState(chat.question);
  const [asked, setAsked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { callQuietly } = useAppStore.getState();

  const guard = online.length > 0 && !goAhead;
  const askForEmail = async () => {
    setBusy(true);
    const outcome = await callQuietly('ticket.askEmail', { chatId: chat.id });
    setBusy(false);
    if (outcome.ok) setAsked(true);
    else setError(outcome.error.message);
  };
  const make = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const outcome = await callQuietly('ticket.create', { chatId: chat.id, email: noEmail ? '' : email.trim(), noEmail, question: question.trim(), despiteOnline: goAhead });
    setBusy(false);
    if (outcome.ok) {
      useAppStore.getState().notify('info', `Ticket ${chat.encounterId} is in the ${campus}'s queue; the patron was told.`);
      onClose();
      return;
    }
    // Someone of that campus came online meanwhile: the guard again.
    if (outcome.error.code === 'operators_online') setGoAhead(false);
    setError(outcome.error.message);
  };

  return (
    <Dialog title={`Ticket for ${patronLabel(chat)} (${campus})`} onClose={onClose} testId="ticket-dialog">
      {guard ? (
        <section className="ticket-guard" data-testid="ticket-guard" role="alert">
          <p>
            A ticket is the last resort. {online.length === 1 ? 'A librarian' : `${online.length} librarians`} of the {campus} {online.length === 1 ? 'is' : 'are'} online:{' '}
            <strong>{online.map((op) => op.name).join(', ')}</strong>. Transfer the chat instead?
          </p>
          <div className="actions">
            <button type="button" className="primary" data-testid="guard-transfer" onClick={onTransfer} autoFocus>
              Transfer instead
            </button>
            <button type="button" data-testid="guard-anyway" onClick={() => setGoAhead(true)}>
              Make a ticket anyway
            </button>
          </div>
        </section>
      ) : (
        <form className="ticket-form" onSubmit={make}>
          <p className="hint">The ticket goes to the {campus}'s queue with the transcript; the patron is told a reply will take a while, and the chat ends.</p>
          <label>
            Patron’s email
            <input
              data-testid="ticket-email"
              type="email"
              value={email}
              maxLength={254}
              disabled={noEmail}
              placeholder={noEmail ? 'none given' : 'name@example.edu'}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          {!email.trim() && !noEmail && (
            <div className="no-email" data-testid="no-email-yet">
              <button type="button" data-testid="ask-email" onClick={askForEmail} disabled={busy || asked}>
                {asked ? 'Asked: wait for their answer' : 'Ask the patron for their email'}
              </button>
            </div>
          )}
          <label className="check">
            <input type="checkbox" data-testid="ticket-no-email" checked={noEmail} onChange={(e) => setNoEmail(e.target.checked)} />
            The patron has no email (or would not give one)
          </label>
          <label>
            Question
            <textarea data-testid="ticket-question" value={question} maxLength={MAX_TEXT_CHARS} rows={3} onChange={(e) => setQuestion(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" data-testid="make-ticket" disabled={busy || !question.trim() || (!noEmail && !email.trim())}>
              Make the ticket
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert" data-testid="ticket-error">
          {error}
        </p>
      )}
    </Dialog>
  );
}
