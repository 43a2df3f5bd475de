import type { DeskPanel } from '../dock/panel';
import { AccountsPanel } from './AccountsPanel';

/** Librarian accounts: an administrator's (their campus; the head's, every campus), in the top bar's menu. */
export const accountPanels: DeskPanel[] = [
  {
    id: 'accounts',
    scope: 'desk',
    menu: true,
    title: 'Accounts',
    priority: 18,
    hint: 'Add librarians, disable them, reset passwords, end sessions',
    available: (s) => s.session?.operator?.role === 'admin',
    Panel: AccountsPanel,
  },
];
