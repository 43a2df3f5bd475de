import { type FormEvent, useState } from 'react';
import type { AccountRole } from '../../shared/accounts/schemas';
import { isOneOf } from '../../shared/narrow';
import { useAppStore } from '../store';
import { ROLE_WORDS } from './words';
import { CampusSelect } from '../campuses/CampusSelect';

const ROLES = ['librarian', 'admin', 'head'] as const;

/** A new account at the administrator's campus (any campus for the head); the answer carries its temporary password, shown once. */
export function AddAccountForm(props: { campuses: { id: string; name: string }[]; mayMakeHead: boolean; onAdded(name: string, temporaryPassword: string): void; onCancel(): void }) {
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [campus, setCampus] = useState(props.campuses[0]?.id ?? '');
  const [role, setRole] = useState<AccountRole>('librarian');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const outcome = await useAppStore.getState().callQuietly('accounts.add', { username: username.trim(), name: name.trim(), campus, role });
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    props.onAdded(outcome.value.account.name, outcome.value.temporaryPassword);
  };
  const roles = ROLES.filter((r) => r !== 'head' || props.mayMakeHead);
  return (
    <form className="account-form" aria-label="Add a librarian" data-testid="add-account-form" onSubmit={submit}>
      {error && (
        <p className="error" role="alert" data-testid="add-account-error">
          {error}
        </p>
      )}
      <label>
        User name
        <input data-testid="new-username" required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby="new-username-rule" />
      </label>
      <p className="hint" id="new-username-rule">
        2-64 letters, digits, . _ @ or -
      </p>
      <label>
        Name colleagues and patrons see
        <input data-testid="new-name" required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Home campus
        <CampusSelect testId="new-campus" campuses={props.campuses} value={campus} onChange={setCampus} disabled={props.campuses.length < 2} />
      </label>
      <label>
        Role
        <select data-testid="new-role" value={role} onChange={(e) => {
            const chosen = e.target.value;
            if (isOneOf(ROLES, chosen)) setRole(chosen);
          }}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {ROLE_WORDS[r]}
            </option>
          ))}
        </select>
      </label>
      <div className="account-actions">
        <button type="submit" data-testid="add-account-submit" disabled={busy || !username.trim() || !name.trim()}>
          {busy ? 'Adding…' : 'Add with a temporary password'}
        </button>
        <button type="button" className="small" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
