import { useCallback, useEffect, useState } from 'react';
import { campusesHomeFirst } from '../../shared/chats/selectors';
import { DELIVERY_TEXT, type IncidentReport } from '../../shared/incidents/schemas';
import { useAppStore } from '../store';
import { formatWhen } from '../clock';

const when = formatWhen;
/** Read at most this many; the director's queue is short, and the backend bounds it at 1,000. */
const READ_LIMIT = 200;

/** The report as plain text, for the director: what the clipboard gets and what the email holds. */
function reportText(report: IncidentReport, campusName: string): string {
  return [
    `Incident report ${report.encounterId} (${campusName})`,
    `Filed ${when(report.at)} by ${report.byName}`,
    `Patron: ${report.patronName || 'name not given'}; email: ${report.patronEmail || 'none'}; phone: ${report.patronPhone || 'none'}`,
    '',
    report.note,
    '',
    report.transcript,
  ].join('\n');
}

function mailto(report: IncidentReport, campusName: string): string {
  // Mail clients refuse very long mailto bodies: the transcript is cut, the copy button has it all.
  const body = reportText(report, campusName).slice(0, 1500);
  return `mailto:${encodeURIComponent(report.to)}?subject=${encodeURIComponent(`Incident report ${report.encounterId}`)}&body=${encodeURIComponent(body)}`;
}

/**
 * The director's queue, for an administrator: every incident report the backend stored, the
 * ones not emailed first in view (no mail set up, no director's address, a failed send), each
 * with the patron's details, the note, the transcript, and a way on to the director.
 */
export function IncidentsPanel() {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const campuses = useAppStore((s) => s.desk.campuses);
  // A report filed anywhere reaches every desk as a chat.incident event: the count says when to read again.
  const filed = useAppStore((s) => Object.values(s.desk.chats).reduce((n, c) => n + c.incidents.length, 0));
  const [campus, setCampus] = useState<string | null>(null);
  const [waitingOnly, setWaitingOnly] = useState(true);
  const [reports, setReports] = useState<IncidentReport[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const read = useCallback(async () => {
    const outcome = await useAppStore.getState().callQuietly('incidents.list', { campus, limit: READ_LIMIT });
    if (outcome.ok) {
      setReports(outcome.value.reports);
      setError(null);
    } else setError(outcome.error.message);
  }, [campus]);
  useEffect(() => void read(), [read, filed]);
  const name = (id: string) => campuses.find((c) => c.id === id)?.name ?? id;
  const shown = (reports ?? []).filter((r) => !waitingOnly || r.delivery !== 'emailed');
  const copy = (report: IncidentReport) =>
    void navigator.clipboard
      ?.writeText(reportText(report, name(report.campus)))
      .then(() => setCopied(report.id))
      .catch(() => setCopied(null));

  return (
    <section className="incidents-panel" data-testid="incidents-panel" aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incident reports</h2>
      <p className="hint">Stored by the backend for each campus’s director. Those not emailed wait here until someone passes them on.</p>
      <div className="ticket-filters">
        <select aria-label="Campus" data-testid="incidents-campus" value={campus ?? ''} onChange={(e) => setCampus(e.target.value || null)}>
          <option value="">All campuses</option>
          {campusesHomeFirst(campuses, me?.campus ?? null).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" data-testid="incidents-waiting" checked={waitingOnly} onChange={(e) => setWaitingOnly(e.target.checked)} />
          Not emailed only
        </label>
        <button type="button" className="small" data-testid="incidents-refresh" onClick={() => void read()}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="incidents-error">
          The reports could not be read: {error}
        </p>
      )}
      {reports === null && !error && <p className="hint">Reading the reports…</p>}
      {reports !== null && shown.length === 0 && <p className="hint" data-testid="incidents-none">{waitingOnly ? 'No report is waiting: every one was emailed.' : 'No incident reports.'}</p>}
      <ol className="incident-list">
        {shown.map((report) => (
          <li key={report.id} className="incident-report" data-testid="incident-report" data-delivery={report.delivery} data-encounter={report.encounterId}>
            <h3>
              {report.encounterId} <span className="campus-tag">{name(report.campus)}</span>
            </h3>
            <p className="hint">
              {when(report.at)} · filed by {report.byName} · {DELIVERY_TEXT[report.delivery]}
            </p>
            <dl className="ticket-facts">
              <div className="row">
                <dt>Patron</dt>
                <dd>{report.patronName || 'name not given'}</dd>
              </div>
              <div className="row">
                <dt>Email</dt>
                <dd>{report.patronEmail || 'none given'}</dd>
              </div>
              <div className="row">
                <dt>Phone</dt>
                <dd>{report.patronPhone || 'none given'}</dd>
              </div>
              <div className="row">
                <dt>What happened</dt>
                <dd className="incident-note">{report.note}</dd>
              </div>
            </dl>
            <details>
              <summary>Transcript</summary>
              <pre className="incident-transcript">{report.transcript}</pre>
            </details>
            <div className="actions">
              <button type="button" className="small" data-testid="incident-copy" onClick={() => copy(report)}>
                {copied === report.id ? 'Copied' : 'Copy the report'}
              </button>
              {report.to && (
                <a className="button" data-testid="incident-mailto" href={mailto(report, name(report.campus))}>
                  Email it to the director
                </a>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
