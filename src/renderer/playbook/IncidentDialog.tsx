import { type FormEvent, useState } from 'react';
import { knownPatronName } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { useAppStore } from '../store';
import { useEscapeToClose } from '../workspace/escape';

/**
 * The incident report to the campus director, prefilled: the patron's name and contact and the
 * encounter ID (the backend fills them in from its own record, and attaches the whole
 * transcript); the librarian says what happened.
 */
export function IncidentDialog({ chat, onClose }: { chat: Chat; onClose(): void }) {
  const campus = useAppStore((s) => s.desk.campuses.find((c) => c.id === chat.campus) ?? null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEscapeToClose(true, onClose);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (note.trim() === '') return setError('Say what happened, in a sentence or two.');
    setBusy(true);
    const outcome = await useAppStore.getState().callQuietly('incident.report', { chatId: chat.id, note });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    useAppStore.getState().notify('info', `Incident report filed for ${chat.encounterId}.`);
    onClose();
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="incident-title" data-testid="incident-dialog">
        {/* The form inside the dialog: role="dialog" is not allowed on a form itself. */}
        <form className="dialog-form" onSubmit={submit}>
          <h2 id="incident-title">Report the incident to the director</h2>
          <dl className="prefilled">
            <div>
              <dt>To</dt>
              <dd data-testid="incident-to">
                {campus?.directorName || 'The library director'}
                {campus?.directorEmail ? ` <${campus.directorEmail}>` : ' (no email in the directory: the report waits in the director’s queue)'}
              </dd>
            </div>
            <div>
              <dt>Patron</dt>
              <dd data-testid="incident-patron">{knownPatronName(chat) ?? 'name not given'}</dd>
            </div>
            <div>
              <dt>Contact</dt>
              <dd>{[chat.patronEmail, chat.patronPhone].filter(Boolean).join(', ') || 'none given'}</dd>
            </div>
            <div>
              <dt>Encounter</dt>
              <dd data-testid="incident-encounter">{chat.encounterId}</dd>
            </div>
            <div>
              <dt>Transcript</dt>
              <dd>the whole chat is attached</dd>
            </div>
          </dl>
          <label>
            What happened
            <textarea
              data-testid="incident-note"
              autoFocus
              rows={4}
              maxLength={4000}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                setError(null);
              }}
            />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" data-testid="incident-submit" disabled={busy}>
              File the report
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
