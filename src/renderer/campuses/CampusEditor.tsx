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

const textsOf = (c: Campus): Record<TextField, string> => ({
  name: c.name,
  website: c.website,
  faqUrl: c.faqUrl,
  hoursUrl: c.hoursUrl,
  phone: c.phone,
  publicSafetyPhone: c.publicSafetyPhone,
  counselingUrl: c.counselingUrl,
  counselingPhone: c.counselingPhone,
  directorName: c.directorName,
  directorEmail: c.directorEmail,
  address: c.address,
});

/**
 * An administrator's form for one campus: every fact with its source, "seen on" date and
 * needs-a-check mark, and the hours as a week plus dated exceptions. Checked here for a quick
 * answer, and again by the backend, which alone decides whether this librarian may save it.
 * The form keeps the campus it was opened from (`base`): the save says which revision it
 * edits, and when another admin saved first the backend refuses it and the form offers a reload.
 */
export function CampusEditor({ campus, onDone }: { campus: Campus; onDone(): void }) {
  const [base, setBase] = useState(campus);
  const [values, setValues] = useState<Record<TextField, string>>(() => textsOf(campus));
  const [sources, setSources] = useState<Partial<Record<FactKey, Provenance>>>(campus.facts);
  const [week, setWeek] = useState(() => formatWeek(campus.schedule.weekly));
  const [exceptions, setExceptions] = useState(() => formatExceptions(campus.schedule));
  const [hoursNote, setHoursNote] = useState(campus.hours);
  const [timeZone, setTimeZone] = useState(campus.timeZone);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Another admin's save reached this desk while the form is open.
  const changedSince = campus.revision !== base.revision;

  const source = (key: FactKey): Provenance => sources[key] ?? blankSource;
  const setSource = (key: FactKey, change: Partial<Provenance>) => setSources((s) => ({ ...s, [key]: { ...source(key), ...change } }));

  /** Start again from the campus as it is now (this form's unsaved changes are dropped). */
  const reload = () => {
    setBase(campus);
    setValues(textsOf(campus));
    setSources(campus.facts);
    setWeek(formatWeek(campus.schedule.weekly));
    setExceptions(formatExceptions(campus.schedule));
    setHoursNote(campus.hours);
    setTimeZone(campus.timeZone);
    setError(null);
    setConflict(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const weekly = parseWeek(week);
    if (!weekly.ok) return setError(`Hours: ${weekly.error}`);
    const dated = parseExceptions(exceptions);
    if (!dated.ok) return setError(`Exceptions: ${dated.error}`);
    // A source left wholly blank is no source.
    const facts = Object.fromEntries(Object.entries(sources).filter(([, p]) => p && (p.source !== '' || p.seen !== '' || p.check)));
    // Built on the campus the form was opened from, so its revision says what this edit is based on.
    const edited = CampusSchema.safeParse({ ...base, ...values, hours: hoursNote, timeZone, schedule: { weekly: weekly.value, exceptions: dated.value }, facts });
    if (!edited.success) {
      const issue = edited.error.issues[0];
      return setError(`${issue?.path.join(' ') || 'campus'}: ${issue?.message ?? 'invalid'}`);
    }
    setError(null);
    setSaving(true);
    const outcome = await useAppStore.getState().callQuietly('campus.update', { campus: edited.data });
    setSaving(false);
    if (outcome.ok) onDone();
    else if (outcome.error.code === 'conflict') setConflict(outcome.error.message);
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
      {(conflict !== null || changedSince) && (
        <div className="error" role="alert" data-testid="edit-conflict">
          <p>{conflict ?? `Someone else saved a change to ${campus.name} while you were editing it. Saving now would be refused.`}</p>
          <button type="button" data-testid="reload-campus" onClick={reload}>
            Reload (your unsaved changes here are dropped)
          </button>
        </div>
      )}
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
