import { useMemo } from 'react';
import { boardColumns } from '../../shared/chats/selectors';
import { useAppStore } from '../store';
import { useNow } from '../clock';
import { ChatCard } from './ChatCard';

/** Every campus queue on one board, the operator's home campus first. */
export function Board() {
  const desk = useAppStore((s) => s.desk);
  const home = useAppStore((s) => s.session?.operator?.campus ?? null);
  const now = useNow();
  const columns = useMemo(() => boardColumns(desk, home), [desk, home]);
  // The home queue always has its own tile; other queues get one only when they have chats.
  const hasChats = (c: (typeof columns)[number]) => c.waiting.length + c.active.length + c.ended.length > 0;
  const busy = columns.filter((c) => hasChats(c) || c.campus.id === home);
  const quiet = columns.filter((c) => !hasChats(c) && c.campus.id !== home);

  return (
    <section className="board" data-testid="board" aria-label="Campus queues">
      {busy.map(({ campus, waiting, active, ended }) => (
        <div
          key={campus.id}
          className={`queue ${campus.id === home ? 'home' : ''} ${waiting.length > 0 ? 'has-waiting' : ''}`}
          data-testid={`queue-${campus.id}`}
        >
          <h2>
            {campus.name}
            {campus.id === home && <span className="home-tag">home</span>}
            <span className="counts">
              {waiting.length} waiting · {active.length} active
            </span>
          </h2>
          {waiting.length + active.length + ended.length === 0 && <p className="hint">No chats here right now.</p>}
          {[...waiting, ...active].map((chat) => (
            <ChatCard key={chat.id} chat={chat} now={now} campusName={campus.name} />
          ))}
          {ended.slice(0, 3).map((chat) => (
            <ChatCard key={chat.id} chat={chat} now={now} campusName={campus.name} />
          ))}
        </div>
      ))}
      {quiet.length > 0 && (
        <div className="quiet" data-testid="quiet-queues">
          <h3>Quiet queues</h3>
          <ul>
            {quiet.map(({ campus }) => (
              <li key={campus.id} data-testid={`queue-${campus.id}`}>
                <button type="button" className="link-button" onClick={() => useAppStore.getState().showCampus(campus.id)}>
                  {campus.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
