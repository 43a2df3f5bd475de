import type { DeskPanel } from '../dock/panel';
import { RatingsPanel } from './RatingsPanel';

/** What patrons said of the campus's chats: an administrator's, in the top bar's menu. */
export const feedbackPanels: DeskPanel[] = [
  {
    id: 'ratings',
    scope: 'desk',
    menu: true,
    title: 'Patron ratings',
    priority: 16,
    hint: 'How patrons rated the chats of your campus',
    available: (s) => s.session?.operator?.role === 'admin',
    Panel: RatingsPanel,
  },
];
