import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '../../shared/audit/schemas';
import { useAppStore } from '../store';
import { ACTION_WORDS, changes, when } from './words';
import './audit.css';

const PAGE = 50;

/**
 * The audit log, newest first: who did what to which account, template, campus or FAQ list, and
 * when, with what changed. Read only (nothing in the app writes it); older entries a page at a time.
 */
export function AuditPanel() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (before: number | null) => {
    const outcome = await useAppStore.getState().callQuietly('audit.page', { before, limit: PAGE });
    if (!outcome.ok) return setError(outcome.error.message);
    setError(null);
    setLoaded(true);
    setEntries((kept) => (before === null ? outcome.value.entries : [...kept, ...outcome.value.entries]));
    setNext(outcome.value.next);
  }, []);
  useEffect(() => void load(null), [load]);

  return (
    <section className="audit-panel" data-testid="audit-panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="ticket-filters">
        <button type="button" className="small" data-panel-focus data-testid="audit-refresh" onClick={() => void load(null)}>
          Newest
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="audit-error">
          The audit log could not be read: {error}
        </p>
      )}
      {loaded && entries.length === 0 && <p className="hint">Nothing recorded yet.</p>}
      <ol className="audit-entries" aria-label="Administrators' actions, newest first">
        {entries.map((entry) => {
          const changed = changes(entry.before, entry.after);
          return (
            <li key={entry.id} data-testid="audit-entry" data-action={entry.action}>
              <p>
                <span className="hint">{when(entry.at)}</span> <strong>{entry.actorName}</strong> {ACTION_WORDS[entry.action] ?? entry.action} <strong>{entry.target}</strong>
                {entry.campus && <span className="hint"> · {entry.campus}</span>}
              </p>
              {changed.length > 0 && (
                <ul className="audit-changes">
                  {changed.slice(0, 12).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                  {changed.length > 12 && <li className="hint">and {changed.length - 12} more</li>}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {next !== null && (
        <button type="button" className="small" data-testid="audit-older" onClick={() => void load(next)}>
          Older entries
        </button>
      )}
    </section>
  );
}
