import { useMemo, useRef } from 'react';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING } from '../../shared/alerts/policy';
import { boardInOrder } from '../../shared/chats/board';
import { whoIsOn } from '../../shared/presence/who-is-on';
import { useNow } from '../clock';
import { useAppStore } from '../store';
import { useFocusTarget } from '../workspace/focus';
import { ChatCard } from './ChatCard';

/** Ended chats shown per queue when unfolded; the rest are in the transcripts. */
const ENDED_SHOWN = 5;

/**
 * Every campus queue on one board: queues with an urgent chat first, then those with someone
 * waiting, then the rest (the home campus first within each). Ended chats fold away at the
 * bottom of their queue, so a live chat never moves down.
 */
export function Board() {
  const desk = useAppStore((s) => s.desk);
  const me = useAppStore((s) => s.session?.operator ?? null);
  const alerts = useAppStore((s) => s.alerts ?? DEFAULT_ALERT_SETTINGS);
  const timing = useAppStore((s) => s.session?.timing ?? DEFAULT_TIMING);
  const now = useNow();
  const board = useRef<HTMLElement>(null);
  // Alt+B: the first waiting chat's Claim button, else the board itself.
  const boardTarget = useRef<HTMLElement | null>(null);
  boardTarget.current = board.current?.querySelector<HTMLElement>('[data-testid=claim]') ?? board.current;
  useFocusTarget('board', boardTarget);
  const home = me?.campus ?? null;
  const columns = useMemo(() => boardInOrder(desk, now, me, alerts, timing), [desk, now, me, alerts, timing]);
  // Who is on at each campus, online first: an away librarian is not at the desk to answer.
  const staff = useMemo(() => new Map(whoIsOn(desk, home).map((group) => [group.campusId, group.operators])), [desk.operators, desk.chats, desk.campuses, home]);
  // The home queue always has its own tile; other queues get one only when they have chats.
  const hasChats = (c: (typeof columns)[number]) => c.waiting.length + c.active.length + c.ended.length > 0;
  const busy = columns.filter((c) => hasChats(c) || c.campus.id === home);
  const quiet = columns.filter((c) => !hasChats(c) && c.campus.id !== home);

  return (
    <section className="board" data-testid="board" aria-label="Campus queues" ref={board} tabIndex={-1}>
      {busy.map(({ campus, waiting, active, ended, urgent }) => (
        <div
          key={campus.id}
          className={`queue ${campus.id === home ? 'home' : ''} ${waiting.length > 0 ? 'has-waiting' : ''} ${urgent ? 'has-urgent' : ''}`}
          data-testid={`queue-${campus.id}`}
          data-urgent={urgent}
        >
          <h2>
            <span className="queue-name">{campus.name}</span>
            {campus.id === home && <span className="home-tag">home</span>}
            <span className="counts">
              {waiting.length} waiting · {active.length} active
            </span>
          </h2>
          <p className="queue-staff" data-testid="queue-staff">
            {(staff.get(campus.id) ?? []).length === 0
              ? 'Nobody on here'
              : (staff.get(campus.id) ?? []).map((op, i) => (
                  <span key={op.id} data-testid={`queue-staff-${op.id}`} data-presence={op.presence} className={`staff ${op.presence}`}>
                    {i > 0 ? ', ' : 'On: '}
                    {op.id === me?.id ? 'you' : op.name}
                    {op.presence === 'away' ? ' (away)' : ''}
                  </span>
                ))}
          </p>
          {waiting.length + active.length === 0 && <p className="hint">No live chats here right now.</p>}
          {[...waiting, ...active].map((chat) => (
            <ChatCard key={chat.id} chat={chat} now={now} campusName={campus.name} />
          ))}
          {ended.length > 0 && (
            <details className="ended-fold" data-testid="ended-fold">
              <summary>
                {ended.length} ended {ended.length === 1 ? 'chat' : 'chats'}
              </summary>
              {ended.slice(0, ENDED_SHOWN).map((chat) => (
                <ChatCard key={chat.id} chat={chat} now={now} campusName={campus.name} />
              ))}
            </details>
          )}
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
