import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallArgs } from '../../shared/api';
import { type ChatStatistics, StatisticsQuery } from '../../shared/statistics/schemas';
import { useAppStore } from '../store';
import { StatisticsFigures } from './StatisticsFigures';
import { type DayRange, RANGE_PRESETS, type RangePreset, currentTerm, dayLabel, presetRange } from './ranges';
import './statistics.css';
import { CampusSelect } from '../campuses/CampusSelect';

type Reading = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };

const isPreset = (value: string): value is RangePreset => RANGE_PRESETS.some((p) => p.id === value);
const presetLabel = (preset: RangePreset, now: number) => (preset === 'term' ? `This term (${currentTerm(now).name})` : RANGE_PRESETS.find((p) => p.id === preset)?.label);

/**
 * Chat statistics for the head of reference: pickup against the goal, when chats come and go
 * unanswered, and what happens to them, for a range of days and all campuses or one. The backend
 * decides whose figures they are (an administrator: everyone's; a librarian: their own); this
 * view shows what the answer holds. It takes the conversation's column too (a wide panel), so
 * the board stays on screen.
 */
export function StatisticsPanel() {
  const campuses = useAppStore((s) => s.desk.campuses);
  const [preset, setPreset] = useState<RangePreset>('month');
  const [range, setRange] = useState<DayRange>(() => presetRange('month', Date.now()));
  const [custom, setCustom] = useState<DayRange>(range);
  const [customError, setCustomError] = useState<string | null>(null);
  const [campus, setCampus] = useState('');
  const [reading, setReading] = useState<Reading>({ state: 'loading' });
  const [stats, setStats] = useState<ChatStatistics | null>(null);
  const asked = useRef(0);

  const read = useCallback(async () => {
    const n = ++asked.current;
    setReading({ state: 'loading' });
    const args: CallArgs<'statistics.get'> = campus ? { ...range, campus } : range;
    const outcome = await useAppStore.getState().callQuietly('statistics.get', args);
    // A later question has been asked meanwhile: its answer is the one to show.
    if (n !== asked.current) return;
    if (outcome.ok) {
      setStats(outcome.value);
      setReading({ state: 'ready' });
    } else setReading({ state: 'error', message: outcome.error.message });
  }, [range, campus]);
  useEffect(() => void read(), [read]);

  const choosePreset = (value: string) => {
    if (!isPreset(value)) return;
    setPreset(value);
    setCustomError(null);
    if (value !== 'custom') setRange(presetRange(value, Date.now()));
  };
  const showCustom = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = StatisticsQuery.safeParse(custom);
    if (!checked.success) return setCustomError(checked.error.issues[0]?.message ?? 'those dates cannot be read');
    setCustomError(null);
    setRange({ from: checked.data.from, to: checked.data.to });
  };
  const today = presetRange('week', Date.now()).to;

  return (
    <section className="statistics-panel" data-testid="statistics-panel" aria-labelledby="statistics-title" aria-busy={reading.state === 'loading'}>
      <header className="statistics-header">
        <h2 id="statistics-title">Statistics</h2>
        <button type="button" className="small" data-testid="statistics-close" onClick={() => useAppStore.getState().closePanel('statistics')}>
          Close <span className="visually-hidden">the statistics </span>(Escape)
        </button>
      </header>
      <form className="statistics-filters" onSubmit={showCustom} aria-label="Which figures">
        <label>
          Range
          <select data-testid="statistics-range" data-panel-focus value={preset} onChange={(e) => choosePreset(e.target.value)}>
            {RANGE_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {presetLabel(p.id, Date.now())}
              </option>
            ))}
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label>
              From
              <input type="date" data-testid="statistics-from" value={custom.from} max={today} required onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
            </label>
            <label>
              To
              <input type="date" data-testid="statistics-to" value={custom.to} max={today} required onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </label>
            <button type="submit" className="small" data-testid="statistics-show">
              Show
            </button>
          </>
        )}
        <label>
          Campus
          <CampusSelect testId="statistics-campus" campuses={campuses} value={campus} onChange={setCampus} everyCampus="All campuses" />
        </label>
      </form>
      {customError && (
        <p className="error" role="alert" data-testid="statistics-custom-error">
          Those dates cannot be shown: {customError}.
        </p>
      )}
      <p className="statistics-status" role="status" data-testid="statistics-status">
        {reading.state === 'loading' ? `Reading the figures for ${dayLabel(range.from)} to ${dayLabel(range.to)}…` : ''}
      </p>
      {reading.state === 'error' && (
        <div className="error" role="alert" data-testid="statistics-error">
          <p>The figures could not be read: {reading.message}</p>
          <button type="button" className="small" onClick={() => void read()}>
            Try again
          </button>
        </div>
      )}
      {stats && reading.state !== 'error' && <StatisticsFigures stats={stats} />}
    </section>
  );
}
