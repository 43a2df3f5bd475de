import { unreadNotes } from '../../shared/notes/selectors';
import { openTicketCounts } from '../../shared/tickets/selectors';
import { useAppStore } from '../store';
import { useHandoffUi } from './handoff-ui';

/** The top bar's doors to the hand-offs: who is on, the notes (with their unread count), the tickets. */
export function HandoffButtons() {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const notes = useAppStore((s) => s.desk.notes);
  const operators = useAppStore((s) => s.desk.operators);
  const tickets = useAppStore((s) => s.desk.tickets);
  const panel = useHandoffUi((s) => s.panel);
  const { toggle } = useHandoffUi.getState();
  if (!me) return null;
  const unread = unreadNotes(notes, me).total;
  const onShift = Object.values(operators).filter((op) => op.presence !== 'offline').length;
  const openTickets = Object.values(openTicketCounts({ tickets })).reduce((a, b) => a + b, 0);
  return (
    <>
      <button type="button" data-testid="open-who" aria-pressed={panel === 'who'} onClick={() => toggle('who')}>
        Who’s on ({onShift})
      </button>
      <button type="button" data-testid="open-notes" aria-pressed={panel === 'notes'} onClick={() => toggle('notes')} className={unread > 0 ? 'has-unread' : ''}>
        Notes
        {unread > 0 && (
          <span className="unread" data-testid="notes-unread">
            {unread}
          </span>
        )}
      </button>
      <button type="button" data-testid="open-tickets" aria-pressed={panel === 'tickets'} onClick={() => toggle('tickets')}>
        Tickets{openTickets > 0 ? ` (${openTickets})` : ''}
      </button>
    </>
  );
}
