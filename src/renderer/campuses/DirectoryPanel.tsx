import { intervalsLabel, localDateAt, seasonInForce, weekdayOf } from '../../shared/campuses';
import { useComposerTarget } from '../chats/composer-target';
import { useNow } from '../clock';
import { useAppStore } from '../store';
import { allLibrariesLink, useAllLibrariesUrl } from './all-libraries';
import { Source } from './Fact';
import { WeekTable } from './WeekTable';

const DAY_NAMES = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' } as const;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly (keyof typeof DAY_NAMES)[];

/** The chat service (its hours and who staffs it which day), the all-libraries link, and every library. */
export function DirectoryPanel() {
  const service = useAppStore((s) => s.desk.chatService);
  const campuses = useAppStore((s) => s.desk.campuses);
  const target = useComposerTarget();
  const allUrl = useAllLibrariesUrl();
  const now = useNow(60_000);
  const { showCampus, insertIntoDraft, call } = useAppStore.getState();
  const isAdmin = useAppStore((s) => s.session?.operator?.role === 'admin');
  // The season whose hours the widget follows (an admin picks it; the first by default).
  const inForce = seasonInForce(service);
  const today = weekdayOf(localDateAt(service.timeZone, now));
  const name = (id: string) => campuses.find((c) => c.id === id)?.name.replace(/ Campus Library$/, '') ?? id;

  return (
    <aside className="campus-info directory" data-testid="directory" aria-label="Chat service and campus libraries">
      <header>
        <h2>Chat service</h2>
      </header>
      <section aria-label="Chat rota">
        <h3>
          Who staffs chat <Source provenance={service.facts.rota} />
        </h3>
        <table className="rota" data-testid="chat-rota">
          <tbody>
            {DAYS.map((day) => (
              <tr key={day} className={day === today ? 'today' : ''}>
                <th scope="row">{DAY_NAMES[day]}</th>
                <td>{service.rota[day].length === 0 ? 'nobody' : service.rota[day].map(name).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {service.rotaNote && <p className="hint">{service.rotaNote}</p>}
      </section>
      <section aria-label="Chat hours" data-testid="chat-hours">
        <h3>
          Chat hours ({service.timeZone}) <Source provenance={service.facts.hours} />
        </h3>
        {service.seasons.length === 0 && <p className="hint">Not known.</p>}
        {service.seasons.map((season) => (
          <details key={season.name} open={season === inForce} data-testid="chat-season" data-in-force={season === inForce}>
            <summary>
              {season.name}: today {intervalsLabel(season.weekly[today])}
              {season === inForce ? ' (in force: the patron widget is closed outside these hours)' : ''}
            </summary>
            <WeekTable weekly={season.weekly} today={today} />
            {isAdmin && season !== inForce && (
              <button type="button" data-testid="season-in-force" onClick={() => void call('chatService.update', { chatService: { ...service, activeSeason: season.name } })}>
                Put these hours in force
              </button>
            )}
          </details>
        ))}
        {service.hoursNote && <p className="hint">{service.hoursNote}</p>}
      </section>
      <section aria-label="All campus libraries">
        <h3>All campus libraries</h3>
        {allUrl && (
          <p>
            <a href={allUrl} target="_blank" rel="noopener noreferrer" data-testid="all-libraries-link">
              All campus libraries
            </a>{' '}
            <Source provenance={service.facts.allLibrariesUrl} />{' '}
            <button type="button" data-testid="insert-all-libraries" disabled={!target} onClick={() => target && insertIntoDraft(target, allLibrariesLink(allUrl))}>
              Insert link
            </button>
          </p>
        )}
        <ul className="library-list">
          {campuses.map((campus) => (
            <li key={campus.id}>
              <button type="button" className="link-button" onClick={() => showCampus(campus.id)}>
                {campus.name}
              </button>
              {Object.values(campus.facts).some((p) => p?.check) && <span className="source check"> needs a check</span>}
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}
