import { unreadNotes } from '../../shared/notes/selectors';
import type { DeskPanel } from '../dock/panel';
import type { AppState } from '../store';
import { NotesPanel } from './NotesPanel';

const unread = (s: AppState): string | null => {
  const me = s.session?.operator;
  const total = me ? unreadNotes(s.desk.notes, me).total : 0;
  return total > 0 ? String(total) : null;
};

export const notePanels: DeskPanel[] = [{ id: 'notes', scope: 'desk', title: 'Notes', priority: 50, hint: 'Internal notes between librarians', badge: unread, Panel: NotesPanel }];
