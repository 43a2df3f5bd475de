import { openTicketCounts } from '../../shared/tickets/selectors';
import type { DeskPanel } from '../dock/panel';
import type { AppState } from '../store';
import { TicketsPanel } from './TicketsPanel';

const open = (s: AppState): string | null => {
  const total = Object.values(openTicketCounts(s.desk)).reduce((a, b) => a + b, 0);
  return total > 0 ? String(total) : null;
};

export const ticketPanels: DeskPanel[] = [{ id: 'tickets', scope: 'desk', title: 'Tickets', priority: 60, hint: 'Open tickets in the campus queues', badge: open, Panel: TicketsPanel }];
