import { useMemo } from 'react';
import type { ChatStatistics } from '../../shared/statistics/schemas';
import { useAppStore } from '../store';
import { DayChart } from './DayChart';
import { FiguresTable } from './FiguresTable';
import { goalLabel } from './format';
import { Heatmap } from './Heatmap';
import { PickupChart } from './PickupChart';
import { dayLabel } from './ranges';
import {
  byDayTable,
  type CampusNames,
  chatLengthTable,
  feedbackTable,
  librariansTable,
  pickupTable,
  ticketDeliveryTable,
  ticketsByCampusTable,
  transfersTable,
} from './tables';

function useCampusNames(): CampusNames {
  const campuses = useAppStore((s) => s.desk.campuses);
  // One function per directory, so the charts redraw only when the names change.
  return useMemo(() => (id: string) => campuses.find((c) => c.id === id)?.name ?? id, [campuses]);
}

const nothingHappened = (s: ChatStatistics) =>
  s.all.started === 0 && s.tickets.total === 0 && s.transfers.toLibrarian.offered === 0 && s.transfers.toQueue === 0 && s.feedback.count === 0;

/** Whose figures, over what: said once, above them. */
function Scope({ stats, names }: { stats: ChatStatistics; names: CampusNames }) {
  const where = stats.campus ? names(stats.campus) : 'all campuses';
  const when = `${dayLabel(stats.from)} to ${dayLabel(stats.to)}`;
  return (
    <div className="statistics-scope" data-testid="statistics-scope" data-scope={stats.scope.kind}>
      <p>
        {stats.scope.kind === 'own' ? 'Your own work' : 'Every librarian'}, {where}, {when} (New York time). The goal: claimed within{' '}
        <strong data-testid="statistics-goal">{goalLabel(stats.goalMs)}</strong>.
      </p>
      {stats.scope.kind === 'own' && (
        <p className="hint">
          These are the chats you claimed first or held last, and the hand-offs and tickets you made. An administrator sees every librarian’s figures.
        </p>
      )}
    </div>
  );
}

/** The figures of one answer, in three sections: pickup against the goal, when it happens, what happens. */
export function StatisticsFigures({ stats }: { stats: ChatStatistics }) {
  const names = useCampusNames();
  if (nothingHappened(stats)) {
    return (
      <>
        <Scope stats={stats} names={names} />
        <p className="statistics-empty" data-testid="statistics-empty">
          No chats in this range: nothing started, no ticket, no hand-off, no rating.
        </p>
      </>
    );
  }
  return (
    <>
      <Scope stats={stats} names={names} />
      <section className="statistics-section" aria-labelledby="stats-pickup">
        <h3 id="stats-pickup">Pickup against the goal</h3>
        <FiguresTable table={pickupTable(stats, names)} stats={stats} />
        <PickupChart stats={stats} names={names} />
      </section>
      <section className="statistics-section" aria-labelledby="stats-when">
        <h3 id="stats-when">When it happens</h3>
        <div className="heatmaps">
          <Heatmap stats={stats} which="chats" />
          <Heatmap stats={stats} which="unanswered" />
        </div>
        <div className="chart-pair">
          <DayChart days={stats.byDay} />
          <FiguresTable table={byDayTable(stats)} stats={stats} tall />
        </div>
      </section>
      <section className="statistics-section" aria-labelledby="stats-what">
        <h3 id="stats-what">What happens</h3>
        <div className="figure-grid">
          <FiguresTable table={transfersTable(stats)} stats={stats} />
          <FiguresTable table={ticketsByCampusTable(stats, names)} stats={stats} />
          <FiguresTable table={ticketDeliveryTable(stats)} stats={stats} />
          <FiguresTable table={chatLengthTable(stats)} stats={stats} />
          <div>
            <p data-testid="statistics-feedback-average">
              {stats.feedback.average === null ? 'No chat rated.' : `Average rating ${stats.feedback.average.toFixed(2)} of 5, from ${stats.feedback.count}.`}
            </p>
            <FiguresTable table={feedbackTable(stats)} stats={stats} />
          </div>
        </div>
        <FiguresTable table={librariansTable(stats, names)} stats={stats} />
      </section>
    </>
  );
}
