import { useCallback, useEffect, useState } from 'react';
import type { FeedbackSummary } from '../../shared/feedback/schemas';
import { useAppStore } from '../store';
import { stars } from './ChatRating';
import { formatWhen } from '../clock';

const DAY_MS = 24 * 60 * 60_000;
const RANGES = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 365, label: 'Last 12 months' },
  { days: 0, label: 'All time' },
] as const;
const when = formatWhen;

/**
 * An administrator's view of what patrons said of their campus's chats: how many rated, the
 * average, each rating's count (a table, for screen readers and copying) and the latest comments.
 * Only their own campus: the backend answers for the administrator's home campus alone.
 */
export function RatingsPanel() {
  const campusName = useAppStore((s) => s.desk.campuses.find((c) => c.id === s.session?.operator?.campus)?.name ?? s.session?.operator?.campus ?? '');
  const [days, setDays] = useState<number>(30);
  const [summary, setSummary] = useState<FeedbackSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const read = useCallback(async () => {
    const from = days === 0 ? null : Date.now() - days * DAY_MS;
    const outcome = await useAppStore.getState().callQuietly('feedback.summary', { from, to: null });
    if (outcome.ok) {
      setSummary(outcome.value);
      setError(null);
    } else setError(outcome.error.message);
  }, [days]);
  useEffect(() => void read(), [read]);

  return (
    <section className="ratings-panel" data-testid="ratings-panel" aria-labelledby="ratings-title">
      <h2 id="ratings-title">Patron ratings · {campusName}</h2>
      <div className="ticket-filters">
        <select aria-label="Range" data-testid="ratings-range" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {RANGES.map((r) => (
            <option key={r.days} value={r.days}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="button" className="small" data-testid="ratings-refresh" onClick={() => void read()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="ratings-error">
          The ratings could not be read: {error}
        </p>
      )}
      {summary && (
        <>
          <p data-testid="ratings-average">
            {summary.count === 0 ? 'No chat rated in this range.' : `${summary.count} ${summary.count === 1 ? 'chat' : 'chats'} rated, average ${summary.average?.toFixed(2)} of 5`}
          </p>
          <table className="ratings" data-testid="ratings-table">
            <caption className="visually-hidden">Chats by rating</caption>
            <thead>
              <tr>
                <th scope="col">Rating</th>
                <th scope="col">Chats</th>
              </tr>
            </thead>
            <tbody>
              {[5, 4, 3, 2, 1].map((rating) => (
                <tr key={rating} data-rating={rating}>
                  <th scope="row">
                    <span aria-label={`${rating} of 5`}>{stars(rating)}</span>
                  </th>
                  <td>{summary.byRating[rating - 1]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.comments.length > 0 && (
            <>
              <h3>Latest comments</h3>
              <ol className="rating-comments">
                {summary.comments.map((c) => (
                  <li key={`${c.encounterId}-${c.at}`} data-testid="rating-comment">
                    <span aria-label={`${c.rating} of 5`}>{stars(c.rating)}</span> <span className="encounter">{c.encounterId}</span> <span className="hint">{when(c.at)}</span>
                    <p>{c.comment}</p>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
