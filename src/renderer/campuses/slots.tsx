import { closingTimeAnswer } from '../../shared/campuses/hours';
import type { ChatPanelProps } from '../dock/panel';
import type { SlotSpec } from '../slots/slot';
import { useAppStore } from '../store';
import { allLibrariesLink, useAllLibrariesUrl } from './all-libraries';

/** The two quick answers from the directory, for the patron's campus: closing time, and the page of every library. */
function QuickAnswers({ chat, mine }: ChatPanelProps) {
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat.campus) ?? null);
  const allLibrariesUrl = useAllLibrariesUrl();
  if (!mine) return null;
  const { insertIntoDraft } = useAppStore.getState();
  return (
    <>
      {campus && (
        <button type="button" className="small" data-testid="closes-today" title={`Answer “when do you close today?” for the ${campus.name}`} onClick={() => insertIntoDraft(chat.id, closingTimeAnswer(campus, Date.now()).text)}>
          Closing time
        </button>
      )}
      {allLibrariesUrl && (
        <button type="button" className="small" data-testid="insert-all-libraries" onClick={() => insertIntoDraft(chat.id, allLibrariesLink(allLibrariesUrl))}>
          All libraries
        </button>
      )}
    </>
  );
}

export const campusSlots: SlotSpec[] = [{ slot: 'chat-actions', id: 'quick-answers', priority: 20, Part: QuickAnswers }];
