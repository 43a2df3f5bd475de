import { useAppStore } from '../store';
import type { PanelSpec } from './panel';

/**
 * Open a panel from its spec: a chat panel is opened for the chat in front (and refused, with
 * a word why, when none is); a desk panel for the desk. `toggle` closes it when it is already
 * open; `focus` moves the keyboard into it once it is drawn (a shortcut, or an opener clicked).
 */
export function showPanel(spec: PanelSpec, options: { toggle?: boolean; focus?: boolean } = {}): void {
  const s = useAppStore.getState();
  const chatId = spec.scope === 'chat' ? s.openChatId : null;
  if (spec.scope === 'chat' && !chatId) return s.notify('info', `Open a chat first to use ${spec.title}.`);
  if (spec.available && !spec.available(s)) return;
  const open = s.dock?.panel === spec.id && s.dock.chatId === chatId;
  if (options.toggle && open) return s.closePanel(spec.id);
  s.openPanel(spec.id, chatId);
  if (options.focus) s.requestFocus('panel');
}
