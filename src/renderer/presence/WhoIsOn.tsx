import { useMemo } from 'react';
import { whoIsOn } from '../../shared/presence/who-is-on';
import { useAppStore } from '../store';
import { useHandoffUi } from '../transfers/handoff-ui';

/**
 * Who is on: every librarian online or away, grouped by campus (this librarian's campus first),
 * with how many chats each holds now. Live: it follows presence and claims on the desk.
 */
export function WhoIsOn() {
  const desk = useAppStore((s) => s.desk);
  const me = useAppStore((s) => s.session?.operator ?? null);
  const groups = useMemo(() => whoIsOn(desk, me?.campus ?? null), [desk, me?.campus]);
  const { openThread } = useHandoffUi.getState();
  const total = groups.reduce((n, g) => n + g.operators.length, 0);
  return (
    <aside className="handoff-panel who-is-on" data-testid="who-is-on" aria-label="Who is on">
      <header>
        <h2>Who is on ({total})</h2>
      </header>
      {groups.length === 0 && <p className="hint">Nobody else is on shift right now.</p>}
      {groups.map((group) => (
        <section key={group.campusId} data-testid={`who-campus-${group.campusId}`}>
          <h3>
            {group.campusName}
            {group.campusId === me?.campus && <span className="home-tag">home</span>}
          </h3>
          <ul>
            {group.operators.map((op) => (
              <li key={op.id} data-testid={`who-${op.id}`} data-presence={op.presence}>
                <span className={`dot ${op.presence}`} aria-hidden="true" />
                <span className="who-name">
                  {op.name}
                  {op.id === me?.id ? ' (you)' : ''}
                </span>
                <span className="who-load" data-testid="who-load" title="Chats held now">
                  {op.openChats} {op.openChats === 1 ? 'chat' : 'chats'}
                </span>
                {op.presence === 'away' && <span className="who-away">away</span>}
                {op.id !== me?.id && (
                  <button type="button" className="link-button" onClick={() => openThread(`op:${op.id}`)}>
                    Note
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
