import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { campusesHomeFirst } from '../../shared/chats/selectors';
import { MAX_TEXT_CHARS } from '../../shared/protocol/common';
import { type Ticket, type TicketDetails, TicketStatus } from '../../shared/tickets/schemas';
import { isOneOf } from '../../shared/narrow';
import { httpsLinkOn } from '../../shared/external-links/https-link';
import { deliverySummary, openTicketCounts, ticketsOnDesk } from '../../shared/tickets/selectors';
import { useAppStore } from '../store';
import { useHandoffUi } from '../transfers/handoff-ui';

const STATUS_FILTERS = [...TicketStatus.options, 'all'] as const;

const when = (at: number) => new Date(at).toLocaleString([], { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const DELIVERY_TEXT = { none: '', pending: 'sending…', sent: 'sent', failed: 'not sent' } as const;

/**
 * A campus's ticket queue: filter by campus, status and words; a ticket's details and
 * transcript; mark it answered, close it with a note, email a librarian of that campus.
 */
export function TicketsPanel() {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const desk = useAppStore((s) => s.desk);
  const ticketId = useHandoffUi((s) => s.ticketId);
  // Opens where the tickets are: every campus's open tickets, the number on the Tickets button.
  const [campus, setCampus] = useState<string | null>(null);
  const [status, setStatus] = useState<TicketStatus | 'all'>('open');
  const [text, setText] = useState('');
  const [older, setOlder] = useState<Ticket[] | null>(null);
  const { openTicket } = useHandoffUi.getState();
  const counts = useMemo(() => openTicketCounts(desk), [desk]);
  const onDesk = useMemo(() => ticketsOnDesk(desk, { campus, status, text }), [desk, campus, status, text]);
  // Searched on the backend (closed tickets are not all on the desk); the desk's newer copy wins.
  const list = useMemo(() => {
    if (!older) return onDesk;
    const ids = new Set(onDesk.map((t) => t.id));
    return [...onDesk, ...older.filter((t) => !ids.has(t.id))];
  }, [onDesk, older]);
  useEffect(() => setOlder(null), [campus, status, text]);
  const searchBackend = async () => {
    const found = await useAppStore.getState().call('tickets.search', { ...(campus ? { campus } : {}), status, text, limit: 200 });
    if (found) setOlder(found.tickets);
  };
  if (ticketId) return <TicketView key={ticketId} ticketId={ticketId} onBack={() => openTicket(null)} />;
  return (
    <aside className="handoff-panel tickets-panel" data-testid="tickets-panel" aria-label="Tickets">
      <header>
        <h2>Tickets</h2>
      </header>
      <div className="ticket-filters">
        <select aria-label="Campus" data-testid="tickets-campus" value={campus ?? ''} onChange={(e) => setCampus(e.target.value || null)}>
          <option value="">All campuses</option>
          {campusesHomeFirst(desk.campuses, me?.campus ?? null).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {counts[c.id] ? ` (${counts[c.id]} open)` : ''}
            </option>
          ))}
        </select>
        <select aria-label="Status" data-testid="tickets-status" value={status} onChange={(e) => isOneOf(STATUS_FILTERS, e.target.value) && setStatus(e.target.value)}>
          <option value="open">Open</option>
          <option value="answered">Answered</option>
          <option value="closed">Closed</option>
          <option value="all">All</option>
        </select>
        <input type="search" aria-label="Search tickets" data-testid="tickets-search" placeholder="Name, email, words, ENC-…" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
      </div>
      <ul className="ticket-list" data-testid="ticket-list">
        {list.length === 0 && <li className="hint">No tickets here.</li>}
        {list.map((t) => (
          <li key={t.id}>
            <button type="button" className="ticket-row" data-testid={`ticket-${t.encounterId}`} data-status={t.status} onClick={() => openTicket(t.id)}>
              <span className="ticket-head">
                <span className="encounter">{t.encounterId}</span>
                <span className={`status status-${t.status}`}>{t.status}</span>
                {deliverySummary(t) !== 'none' && <span className={`delivery delivery-${deliverySummary(t)}`}>{DELIVERY_TEXT[deliverySummary(t)]}</span>}
              </span>
              <span className="ticket-who">
                {t.patronName || 'Name not given'} · {desk.campuses.find((c) => c.id === t.campus)?.name ?? t.campus} · {when(t.createdAt)}
              </span>
              <span className="ticket-question">{t.question.slice(0, 160)}</span>
            </button>
          </li>
        ))}
      </ul>
      {status !== 'open' && (
        <button type="button" className="link-button" data-testid="tickets-search-backend" onClick={searchBackend}>
          Search older tickets on the server
        </button>
      )}
    </aside>
  );
}

function mailto(details: TicketDetails, campusName: string): string {
  const transcript = details.transcript.map((l) => `${l.authorName}: ${l.text}`).join('\n');
  const body = [`Ticket ${details.encounterId} for the ${campusName}`, `Patron: ${details.patronName || 'name not given'}`, `Email: ${details.email || 'none given'}`, '', details.question, '', transcript]
    .join('\n')
    .slice(0, 1500);
  return `mailto:${encodeURIComponent(details.campusContact)}?subject=${encodeURIComponent(`Ticket ${details.encounterId}: ${details.patronName || 'a patron'}`)}&body=${encodeURIComponent(body)}`;
}

/** One ticket in full. Its summary stays live from the desk; the transcript is read once. */
function TicketView({ ticketId, onBack }: { ticketId: string; onBack(): void }) {
  const live = useAppStore((s) => s.desk.tickets[ticketId]);
  const campuses = useAppStore((s) => s.desk.campuses);
  const [details, setDetails] = useState<TicketDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const updatedAt = live?.updatedAt;
  useEffect(() => {
    let current = true;
    void useAppStore
      .getState()
      .callQuietly('tickets.get', { ticketId })
      .then((outcome) => {
        if (!current) return;
        if (outcome.ok) setDetails(outcome.value);
        else setError(outcome.error.message);
      });
    return () => {
      current = false;
    };
  }, [ticketId, updatedAt]);
  const ticket = live ?? details;
  const { call } = useAppStore.getState();
  if (!ticket) return <aside className="handoff-panel tickets-panel">{error ?? 'Loading the ticket…'}</aside>;
  const campusName = campuses.find((c) => c.id === ticket.campus)?.name ?? ticket.campus;
  const closeIt = async (event: FormEvent) => {
    event.preventDefault();
    if (await call('ticket.close', { ticketId, note: note.trim() })) setNote('');
  };
  return (
    <aside className="handoff-panel tickets-panel ticket-view" data-testid="ticket-view" data-status={ticket.status} aria-label={`Ticket ${ticket.encounterId}`}>
      <header>
        <button type="button" onClick={onBack} data-testid="tickets-back">
          ← Tickets
        </button>
        <h2>{ticket.encounterId}</h2>
        <span className={`status status-${ticket.status}`} data-testid="ticket-status">
          {ticket.status}
        </span>
      </header>
      <dl className="ticket-facts">
        <dt>Campus</dt>
        <dd>{campusName}</dd>
        <dt>Patron</dt>
        <dd>{ticket.patronName || 'Name not given'}</dd>
        <dt>Email</dt>
        <dd data-testid="ticket-email-shown">{ticket.email || 'none given'}</dd>
        <dt>Made</dt>
        <dd>
          {when(ticket.createdAt)} by {ticket.createdBy ? ticket.createdBy.name : 'the patron'}
        </dd>
        {ticket.deliveries.map((d) => (
          <div key={d.channel} className="row" data-testid={`delivery-${d.channel}`} data-state={d.state}>
            <dt>{d.channel === 'email' ? 'Emailed' : 'LibAnswers'}</dt>
            <dd>
              {d.state === 'sent' ? `sent ${d.sentAt ? when(d.sentAt) : ''}` : d.state === 'pending' ? `sending (attempt ${d.attempts + 1})` : 'not sent'}
              {/* Only an https address is a link (the backend checks its host too): never a data: or http: one stored before that check. */}
              {httpsLinkOn(d.url) !== null && (
                <>
                  {' '}
                  <a href={d.url} target="_blank" rel="noopener noreferrer" data-testid="delivery-link">
                    open
                  </a>
                </>
              )}
              {d.lastError && d.state !== 'sent' && <span className="hint"> ({d.lastError})</span>}
            </dd>
          </div>
        ))}
        {ticket.closedAt && (
          <>
            <dt>Closed</dt>
            <dd data-testid="ticket-close-note">
              {when(ticket.closedAt)} by {ticket.closedBy?.name ?? 'a librarian'}
              {ticket.closeNote ? `: ${ticket.closeNote}` : ''}
            </dd>
          </>
        )}
      </dl>
      <h3>Question</h3>
      <p className="question">{ticket.question}</p>
      {details && details.transcript.length > 0 && (
        <details open>
          <summary>Transcript ({details.transcript.length} lines)</summary>
          <ol className="messages ticket-transcript" data-testid="ticket-transcript">
            {details.transcript.map((line, i) => (
              <li key={i} className={`message from-${line.from}`}>
                <span className="author">{line.authorName}</span>
                <span className="text">{line.text}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
      <div className="actions">
        {details?.campusContact && (
          <a className="button" data-testid="ticket-mailto" href={mailto(details, campusName)}>
            Email a {campusName} librarian
          </a>
        )}
        {ticket.status === 'open' && (
          <button type="button" data-testid="ticket-answered" onClick={() => void call('ticket.status', { ticketId, status: 'answered' })}>
            Mark answered
          </button>
        )}
        {ticket.deliveries.some((d) => d.state === 'failed') && (
          <button type="button" data-testid="ticket-retry" onClick={() => void call('ticket.retry', { ticketId })}>
            Send again
          </button>
        )}
      </div>
      {ticket.status !== 'closed' && (
        <form className="close-ticket" onSubmit={closeIt}>
          <label>
            Close with a note
            <textarea data-testid="ticket-close-input" value={note} rows={2} maxLength={MAX_TEXT_CHARS} placeholder="What was done (answered by email, duplicate…)" onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" data-testid="ticket-close">
            Close the ticket
          </button>
        </form>
      )}
    </aside>
  );
}
