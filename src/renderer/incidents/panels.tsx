import type { DeskPanel } from '../dock/panel';
import { IncidentsPanel } from './IncidentsPanel';

/** The director's queue of incident reports: an administrator's, in the top bar's menu. */
export const incidentPanels: DeskPanel[] = [
  {
    id: 'incidents',
    scope: 'desk',
    menu: true,
    title: 'Incident reports',
    priority: 15,
    hint: 'Incident reports stored for the campus directors',
    available: (s) => s.session?.operator?.role === 'admin',
    Panel: IncidentsPanel,
  },
];
