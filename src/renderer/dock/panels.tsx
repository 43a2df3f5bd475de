import type { DeskPanel } from './panel';
import { ShortcutsHelp } from './ShortcutsHelp';

/** The help of every shortcut (F1, or ? outside a text box): in the top bar's menu. */
export const dockPanels: DeskPanel[] = [{ id: 'shortcuts', scope: 'desk', menu: true, title: 'Keyboard shortcuts', priority: 20, hint: 'Every shortcut (F1)', Panel: ShortcutsHelp }];
