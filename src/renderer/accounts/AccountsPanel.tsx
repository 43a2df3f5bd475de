import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Account, AccountList } from '../../shared/accounts/schemas';
import { useAppStore } from '../store';
import { AccountDetail } from './AccountDetail';
import { AddAccountForm } from './AccountForm';
import { SHORT_ROLE, when } from './words';
import './accounts.css';

/**
 * An administrator's accounts: their campus's librarians (every campus's for the head of
 * reference), with role, status and last sign-in; pick one to disable or enable it, reset its
 * password, end its sessions, or change its role (and, for the head, its campus); or add one.
 * The backend decides who may do what; this shows its answers and its refusals in words.
 */
export function AccountsPanel() {
  const directory = useAppStore((s) => s.desk.campuses);
  const [list, setList] = useState<AccountList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const read = useCallback(async () => {
    const outcome = await useAppStore.getState().callQuietly('accounts.list', {});
    if (outcome.ok) {
      setList(outcome.value);
      setError(null);
    } else setError(outcome.error.message);
  }, []);
  useEffect(() => void read(), [read]);

  const campusName = useCallback((id: string) => directory.find((c) => c.id === id)?.name ?? id, [directory]);
  const isHead = list?.you.role === 'head';
  const campuses = useMemo(
    () => (isHead ? directory.map((c) => ({ id: c.id, name: c.name })) : list ? [{ id: list.you.campus, name: campusName(list.you.campus) }] : []),
    [isHead, directory, list, campusName],
  );
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    return (list?.accounts ?? []).filter((a) => words === '' || `${a.name} ${a.username} ${campusName(a.campus)}`.toLowerCase().includes(words));
  }, [list, filter, campusName]);
  const chosen: Account | undefined = list?.accounts.find((a) => a.id === selected);

  const changed = (account: Account, words: string) => {
    setSaid(words);
    setSelected(account.id);
    void read();
  };

  return (
    <section className="accounts-panel" data-testid="accounts-panel" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts · {list ? (isHead ? 'every campus' : campusName(list.you.campus)) : ''}</h2>
      {error && (
        <p className="error" role="alert" data-testid="accounts-error">
          The accounts could not be read: {error}
        </p>
      )}
      <p className="account-said" role="status" data-testid="accounts-said">
        {said}
      </p>
      {adding ? (
        <AddAccountForm
          campuses={campuses}
          mayMakeHead={isHead}
          onAdded={(name, password) => {
            setAdding(false);
            setSaid(`${name} is added. Give them this temporary password: ${password}. They choose their own at the first sign-in.`);
            void read();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <div className="ticket-filters">
          <input data-panel-focus aria-label="Find an account" placeholder="Find by name, user name or campus" data-testid="accounts-filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
          <button type="button" className="small" data-testid="add-account" disabled={!list} onClick={() => setAdding(true)}>
            Add a librarian…
          </button>
        </div>
      )}
      {list && (
        <ul className="account-list" aria-label="Accounts" data-testid="account-list">
          {shown.map((a) => (
            <li key={a.id}>
              <button type="button" className="account-row" aria-pressed={a.id === selected} data-testid="account-row" data-username={a.username} onClick={() => setSelected(a.id === selected ? null : a.id)}>
                <span className="account-name">{a.name}</span>
                <span className="hint">
                  {a.username} · {campusName(a.campus)} · {SHORT_ROLE[a.role]} · {a.disabled ? 'disabled' : a.presence} · last sign-in {when(a.lastSignInAt)}
                </span>
              </button>
              {a.id === selected && chosen && <AccountDetail key={`${chosen.id}-${chosen.role}-${chosen.campus}-${chosen.disabled}`} account={chosen} you={list.you} campuses={campuses.length > 0 ? campuses : [{ id: a.campus, name: campusName(a.campus) }]} onChanged={changed} />}
            </li>
          ))}
          {shown.length === 0 && <li className="hint">No account matches.</li>}
        </ul>
      )}
    </section>
  );
}
