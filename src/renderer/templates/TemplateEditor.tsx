import { type FormEvent, useMemo, useState } from 'react';
import { TEMPLATE_VARIABLES, unknownVariables } from '../../shared/templates/fill';
import { holidayGreetings } from '../../shared/templates/holidays';
import { isNoticeName, NOTICE_VARIABLES, noticeEditProblem } from '../../shared/templates/notices';
import { templatesFor } from '../../shared/templates/select';
import { TEMPLATE_CATEGORIES, Template, type TemplateScope } from '../../shared/templates/schemas';
import { useAppStore } from '../store';
import { isOneOf } from '../../shared/narrow';

const blank = (): Template => ({ id: '', category: 'other', label: '', text: '', shortcut: '', audience: 'patron', check: false });

/**
 * Message templates for administrators: the institution's, and each campus's own versions
 * (which replace the institution's for that campus's chats). Every desk gets a saved change at
 * once; the backend refuses the edit from anyone who is not an administrator.
 */
export function TemplateEditor() {
  const entries = useAppStore((s) => s.desk.templates);
  const campuses = useAppStore((s) => s.desk.campuses);
  const isAdmin = useAppStore((s) => s.session?.operator?.role === 'admin');
  const [scope, setScope] = useState<TemplateScope>('institution');
  const [editing, setEditing] = useState<{ template: Template; isNew: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useMemo(() => templatesFor(Object.values(entries), scope === 'institution' ? null : scope), [entries, scope]);
  const own = (id: string) => {
    const entry = entries[`${scope}/${id}`];
    return entry !== undefined && !entry.deleted;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const parsed = Template.safeParse(editing.template);
    if (!parsed.success) return setError(`${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const unknown = unknownVariables(parsed.data.text);
    if (unknown.length > 0) return setError(`Unknown variable ${unknown.map((n) => `{${n}}`).join(', ')}.`);
    const notice = noticeEditProblem(parsed.data);
    if (notice) return setError(`${notice}.`);
    const outcome = await useAppStore.getState().callQuietly('template.save', { scope, template: parsed.data });
    if (!outcome.ok) return setError(outcome.error.message);
    setEditing(null);
    setError(null);
  };
  const remove = async (id: string) => {
    const outcome = await useAppStore.getState().callQuietly('template.delete', { scope, id });
    if (!outcome.ok) setError(outcome.error.message);
    else setEditing(null);
  };

  const t = editing?.template;
  // A hand-off notice: Deskbell sends it itself, filled with its own few variables.
  const noticeVariables: readonly string[] | null = t && isNoticeName(t.id) ? NOTICE_VARIABLES[t.id] : null;
  const variables = Object.entries(TEMPLATE_VARIABLES).filter(([name]) => !noticeVariables || noticeVariables.includes(name));
  const holiday = t && t.category === 'closing' ? holidayGreetings(t.text) : [];
  const set = (patch: Partial<Template>) => editing && setEditing({ ...editing, template: { ...editing.template, ...patch } });

  return (
    <aside className="side-panel template-editor" data-testid="template-editor" aria-labelledby="template-editor-title">
      <header>
        <h2 id="template-editor-title">Message templates</h2>
      </header>
      {!isAdmin && <p className="hint">Only an administrator can change templates.</p>}
      <label>
        Templates of
        <select
          data-testid="template-scope"
          value={scope}
          onChange={(e) => {
            setScope(e.target.value);
            setEditing(null);
          }}
        >
          <option value="institution">The whole institution</option>
          {campuses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} (its own versions)
            </option>
          ))}
        </select>
      </label>
      {editing && t ? (
        <form className="template-form" data-testid="template-form" onSubmit={save}>
          <label>
            Name
            <input data-testid="template-id" value={t.id} readOnly={!editing.isNew} onChange={(e) => set({ id: e.target.value })} placeholder="closing.snow-day" />
          </label>
          <label>
            Label
            <input data-testid="template-label" value={t.label} onChange={(e) => set({ label: e.target.value })} />
          </label>
          <div className="two">
            <label>
              Category
              <select value={t.category} onChange={(e) => isOneOf(TEMPLATE_CATEGORIES, e.target.value) && set({ category: e.target.value })}>
                {TEMPLATE_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Shortcut (/word)
              <input value={t.shortcut} onChange={(e) => set({ shortcut: e.target.value })} />
            </label>
          </div>
          <label>
            Text
            <textarea data-testid="template-text" rows={5} value={t.text} onChange={(e) => set({ text: e.target.value })} />
          </label>
          <details>
            <summary>Variables</summary>
            <ul className="variables">
              {variables.map(([name, what]) => (
                <li key={name}>
                  <code>{`{${name}}`}</code> {what}
                </li>
              ))}
            </ul>
          </details>
          {noticeVariables ? (
            <p className="hint" data-testid="template-notice">
              Deskbell sends this to the patron itself, at a hand-off; it may use only the variables above.
            </p>
          ) : (
            <label className="check">
              <input type="checkbox" checked={t.audience === 'librarian'} onChange={(e) => set({ audience: e.target.checked ? 'librarian' : 'patron' })} />
              Guidance for the librarian (never sent)
            </label>
          )}
          {holiday.length > 0 && (
            <p className="warn" role="alert" data-testid="template-holiday">
              “{holiday[0]}” is a holiday greeting: the guide asks for none in a closing.
            </p>
          )}
          {error && (
            <p className="error" role="alert" data-testid="template-error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" data-testid="template-save" disabled={!isAdmin}>
              Save{scope === 'institution' ? '' : ' for this campus'}
            </button>
            {!editing.isNew && own(t.id) && (
              <button type="button" data-testid="template-remove" disabled={!isAdmin} onClick={() => void remove(t.id)}>
                {scope === 'institution' ? 'Remove' : 'Use the institution’s version'}
              </button>
            )}
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          <button type="button" data-testid="template-new" disabled={!isAdmin} onClick={() => setEditing({ template: blank(), isNew: true })}>
            New template
          </button>
          <ul className="template-list">
            {list.map((template) => (
              <li key={template.id} data-testid="template-entry" data-template={template.id}>
                <button type="button" className="link-button" onClick={() => setEditing({ template, isNew: false })}>
                  {template.label}
                </button>{' '}
                <span className="hint">
                  {template.category}
                  {template.shortcut ? ` · /${template.shortcut}` : ''}
                  {scope !== 'institution' && own(template.id) ? ' · this campus’s version' : ''}
                  {template.check ? ' · needs a check' : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
