import type { DeskPanel } from '../dock/panel';
import { FaqPanel } from './FaqPanel';

/** The FAQs come first: the dock shows them when nothing else is open. */
export const faqPanels: DeskPanel[] = [
  { id: 'faqs', scope: 'desk', title: 'FAQs', priority: 0, shortcut: { code: 'KeyQ', keys: 'Alt+Q', does: 'Search the campus FAQs' }, Panel: FaqPanel },
];
