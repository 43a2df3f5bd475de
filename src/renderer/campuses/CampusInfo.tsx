import { useMemo } from 'react';
import { closingTimeAnswer, hoursOn, intervalsLabel, localDateAt, weekdayOf } from '../../shared/campuses';
import { useAnsweringCampus, useComposerTarget } from '../chats/composer-target';
import { useNow } from '../clock';
import { useAppStore } from '../store';
import { CampusEditor } from './CampusEditor';
import { Fact, Source } from './Fact';
import { WeekTable } from './WeekTable';

/**
 * What a librarian needs about the patron's campus, one click from the patron's name: the campus
 * clicked, else the campus of the chat in front, else the librarian's own.
 */
export function CampusInfo() {
  const answering = useAnsweringCampus();
  const campusId = useAppStore((s) => s.campusInfoId) ?? answering;
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === campusId) ?? null);
  const operators = useAppStore((s) => s.desk.operators);
  const isAdmin = useAppStore((s) => s.session?.operator?.role === 'admin');
  // The editor is an admin's: the backend refuses anyone else's save, and nobody else should see the form.
  const editing = useAppStore((s) => s.session?.operator?.role === 'admin' && s.editingCampusId !== null && s.editingCampusId === campusId);
  const target = useComposerTarget();
  const now = useNow(60_000);
  const online = useMemo(() => Object.values(operators).filter((o) => o.campus === campusId && o.presence === 'online'), [operators, campusId]);
  const { editCampus, insertIntoDraft } = useAppStore.getState();
  if (!campusId || !campus) return null;
  if (editing) return <CampusEditor campus={campus} onDone={() => editCampus(null)} />;

  const facts = campus.facts;
  const today = localDateAt(campus.timeZone, now);
  const todayHours = hoursOn(campus.schedule, today);
  const answer = closingTimeAnswer(campus, now);
  const director = [campus.directorName, campus.directorEmail].filter(Boolean).join(', ');
  return (
    <aside className="campus-info" data-testid="campus-info" data-campus={campus.id} aria-label={`${campus.name} details`}>
      <header>
        <h2>{campus.name}</h2>
        <div>
          {isAdmin && (
            <button type="button" data-testid="edit-campus" onClick={() => editCampus(campus.id)}>
              Edit
            </button>
          )}
        </div>
      </header>
      <section className="today" aria-label="Hours today">
        <p data-testid="hours-today">
          Today: {todayHours.known ? intervalsLabel(todayHours.intervals) : 'hours not known'}
          {todayHours.note ? ` (${todayHours.note})` : ''} <Source provenance={facts.hours} />
        </p>
        <p className="answer" data-testid="closing-answer">
          {answer.text}
        </p>
        <button
          type="button"
          data-testid="closes-today"
          disabled={!target}
          title={target ? 'Put this answer into your reply, to edit and send' : 'Open one of your chats to answer with it'}
          onClick={() => target && insertIntoDraft(target, answer.text)}
        >
          Answer “when do you close today?”
        </button>
      </section>
      <dl>
        <Fact label="Library website" value={campus.website} href={campus.website} provenance={facts.website} />
        <Fact label="FAQs" value={campus.faqUrl} href={campus.faqUrl} provenance={facts.faqUrl} />
        <Fact label="Phone" value={campus.phone} provenance={facts.phone} testId="campus-phone" />
        <Fact label="Public safety" value={campus.publicSafetyPhone} provenance={facts.publicSafetyPhone} />
        <Fact label="Counseling" value={campus.counselingUrl} href={campus.counselingUrl} provenance={facts.counselingUrl} />
        {campus.counselingPhone && <Fact label="Counseling phone" value={campus.counselingPhone} provenance={facts.counselingPhone} />}
        <Fact label="Library director" value={director} provenance={facts.directorName ?? facts.directorEmail} />
        <Fact label="Address" value={campus.address} provenance={facts.address} />
        <Fact label="Hours page" value={campus.hoursUrl} href={campus.hoursUrl} provenance={facts.hoursUrl} />
        {campus.hours && <Fact label="About hours" value={campus.hours} provenance={facts.hours} />}
      </dl>
      {campus.schedule.weekly ? (
        <details>
          <summary>Weekly hours ({campus.timeZone})</summary>
          <WeekTable weekly={campus.schedule.weekly} today={weekdayOf(today)} />
          {campus.schedule.exceptions.length > 0 && (
            <ul className="exceptions">
              {campus.schedule.exceptions.map((e) => (
                <li key={e.date}>
                  {e.date}: {intervalsLabel(e.hours)}
                  {e.note ? ` (${e.note})` : ''}
                </li>
              ))}
            </ul>
          )}
        </details>
      ) : (
        <p className="hint">Regular hours are not known yet{isAdmin ? ': Edit adds them.' : '; an admin can add them.'}</p>
      )}
      <p className="colleagues">Online here: {online.length === 0 ? 'nobody' : online.map((o) => o.name).join(', ')}</p>
    </aside>
  );
}
