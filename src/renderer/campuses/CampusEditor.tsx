import { type FormEvent, useState } from 'react';
import { type Campus, type FactKey, type Provenance, WEEKDAYS, type Weekday } from '../../shared/campuses';
import { formatExceptions, formatWeek, parseExceptions, parseWeek } from '../../shared/campuses/hours-text';
import { Campus as CampusSchema } from '../../shared/campuses/schemas';
import { useAppStore } from '../store';

type TextField = Exclude<FactKey, 'hours'>;
const FIELDS: { key: TextField; label: string; placeholder?: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'website', label: 'Library website', placeholder: 'https://…' },
  { key: 'faqUrl', label: 'FAQ page', placeholder: 'https://…' },
  { key: 'hoursUrl', label: 'Hours page', placeholder: 'https://…' },
  { key: 'phone', label: 'Phone' },
  { key: 'publicSafetyPhone', label: 'Public safety' },
  { key: 'counselingUrl', label: 'Counseling page', placeholder: 'https://…' },
  { key: 'counselingPhone', label: 'Counseling phone' },
  { key: 'directorName', label: 'Library director' },
  { key: 'directorEmail', label: 'Director email' },
  { key: 'address', label: 'Address' },
];
const DAY_ORDER: Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];
const blankSource: Provenance = { source: '', seen: '', check: false };

/**
 * An administrator's form for one campus: every fact with its source, "seen on" date and
 * needs-a-check mark, and the hours as a week plus dated exceptions. Checked here for a quick
 * answer, and again by the backend, which alone decides whether this librarian may save it.
 */
export function CampusEditor({ campus, onDone }: { campus: Campus; onDone(): void }) {
  const [values, setValues] = useState<Record<TextField, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, campus[f.key]])) as Record<TextField, string>);
  const [sources, setSources] = useState<Partial<Record<FactKey, Provenance>>>(campus.facts);
  const [week, setWeek] = useState(() => formatWeek(campus.schedule.weekly));
  const [exceptions, setExceptions] = useState(() => formatExceptions(campus.schedule));
  const [hoursNote, setHoursNote] = useState(campus.hours);
  const [timeZone, setTimeZone] = useState(campus.timeZone);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const source = (key: FactKey): Provenance => sources[key] ?? blankSource;
  const setSource = (key: FactKey, change: Partial<Provenance>) => setSources((s) => ({ ...s, [key]: { ...source(key), ...change } }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const weekly = parseWeek(week);
    if (!weekly.ok) return setError(`Hours: ${weekly.error}`);
    const dated = parseExceptions(exceptions);
    if (!dated.ok) return setError(`Exceptions: ${dated.error}`);
    // A source left wholly blank is no source.
    const facts = Object.fromEntries(Object.entries(sources).filter(([, p]) => p && (p.source !== '' || p.seen !== '' || p.check)));
    const edited = CampusSchema.safeParse({ ...campus, ...values, hours: hoursNote, timeZone, schedule: { weekly: weekly.value, exceptions: dated.value }, facts });
    if (!edited.success) {
      const issue = edited.error.issues[0];
      return setError(`${issue?.path.join(' ') || 'campus'}: ${issue?.message ?? 'invalid'}`);
    }
    setError(null);
    setSaving(true);
    const outcome = await useAppStore.getState().callOutcome('campus.update', { campus: edited.data });
    setSaving(false);
    if (outcome.ok) onDone();
    else setError(outcome.error.message);
  };

  const sourceInputs = (key: FactKey) => (
    <span className="source-inputs">
      <input aria-label={`${key} source`} placeholder="source" value={source(key).source} onChange={(e) => setSource(key, { source: e.target.value })} />
      <input aria-label={`${key} seen on`} type="date" value={source(key).seen} onChange={(e) => setSource(key, { seen: e.target.value })} />
      <label title="Mark this fact as needing a check">
        <input type="checkbox" checked={source(key).check} onChange={(e) => setSource(key, { check: e.target.checked })} />
        check
      </label>
    </span>
  );

  return (
    <form className="campus-info campus-editor" data-testid="campus-editor" onSubmit={save} aria-label={`Edit ${campus.name}`}>
      <header>
        <h2>Edit {campus.name}</h2>
      </header>
      {FIELDS.map(({ key, label, placeholder }) => (
        <div className="edit-row" key={key}>
          <label>
            {label}
            <input data-testid={`edit-${key}`} value={values[key]} placeholder={placeholder} onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))} />
          </label>
          {sourceInputs(key)}
        </div>
      ))}
      <fieldset>
        <legend>Hours (9:00-17:00 or 9am-5pm, several separated by commas, or "closed"; past midnight: 8pm-2am; all empty: not known)</legend>
        {DAY_ORDER.map((day) => (
          <label key={day} className="day">
            {day}
            <input data-testid={`edit-hours-${day}`} value={week[day]} onChange={(e) => setWeek((w) => ({ ...w, [day]: e.target.value }))} />
          </label>
        ))}
        <label>
          Dated exceptions, one a line ("2026-11-26 closed Thanksgiving", "2026-12-24 09:00-13:00 Christmas Eve")
          <textarea data-testid="edit-exceptions" rows={3} value={exceptions} onChange={(e) => setExceptions(e.target.value)} />
        </label>
        <label>
          About hours (a note)
          <input value={hoursNote} onChange={(e) => setHoursNote(e.target.value)} />
        </label>
        <label>
          Time zone
          <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </label>
        {sourceInputs('hours')}
      </fieldset>
      {error && (
        <p className="error" role="alert" data-testid="edit-error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" data-testid="save-campus" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <p className="hint">Saved changes reach every librarian at once. A fact you change without giving a source is marked as entered by you today.</p>
    </form>
  );
}
