import { useState } from 'react';
import type { Account, AccountRole } from '../../shared/accounts/schemas';
import { isOneOf } from '../../shared/narrow';
import { useAppStore } from '../store';
import { ROLE_WORDS, SHORT_ROLE, when } from './words';
import { CampusSelect } from '../campuses/CampusSelect';

const ROLES = ['librarian', 'admin', 'head'] as const;

/** What every account call answers: the account as it is now (and, after a reset, its temporary password). */
type Answer = { ok: true; value: { account: Account; temporaryPassword?: string } } | { ok: false; error: { message: string } };

type Step = { kind: 'disable' | 'endSessions' | 'resetPassword' | 'role'; question: string } | null;

interface Props {
  account: Account;
  you: { id: string; role: AccountRole };
  campuses: { id: string; name: string }[];
  /** An action went through: the list is read again, and what to say (a temporary password) is shown. */
  onChanged(account: Account, said: string): void;
}

/**
 * One account's status and what an administrator may do with it. A step that cuts someone off or
 * takes a role away asks first, in words; a refusal shows the backend's own words.
 */
export function AccountDetail({ account, you, campuses, onChanged }: Props) {
  const [role, setRole] = useState<AccountRole>(account.role);
  const [campus, setCampus] = useState(account.campus);
  const [confirming, setConfirming] = useState<Step>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isHead = you.role === 'head';
  const isMe = account.id === you.id;

  const run = async (act: () => Promise<Answer>, said: (a: Account, temporaryPassword?: string) => string) => {
    setBusy(true);
    setConfirming(null);
    const outcome = await act();
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error.message);
    setError(null);
    onChanged(outcome.value.account, said(outcome.value.account, outcome.value.temporaryPassword));
  };
  const { callQuietly } = useAppStore.getState();
  const target = { operatorId: account.id };
  const ask = (step: NonNullable<Step>) => {
    setError(null);
    setConfirming(step);
  };
  const confirm = () => {
    if (!confirming) return;
    if (confirming.kind === 'disable') void run(() => callQuietly('accounts.disable', target), (a) => `${a.name} is disabled: their desks closed and their chats went back to the queue.`);
    if (confirming.kind === 'endSessions') void run(() => callQuietly('accounts.endSessions', target), (a) => `Every session of ${a.name} has ended: they sign in again with their password.`);
    if (confirming.kind === 'resetPassword') {
      void run(() => callQuietly('accounts.resetPassword', target), (a, password) => `Give ${a.name} this temporary password: ${password ?? ''}. They choose their own at the next sign-in.`);
    }
    if (confirming.kind === 'role') void run(() => callQuietly('accounts.setRole', { ...target, role }), (a) => `${a.name} is now ${SHORT_ROLE[a.role]}.`);
  };
  const saveRole = () => {
    // Taking a role away asks first; giving one does not.
    const demotes = ROLES.indexOf(role) < ROLES.indexOf(account.role);
    if (demotes) ask({ kind: 'role', question: `Make ${account.name} ${SHORT_ROLE[role]}? They lose what an ${SHORT_ROLE[account.role]} may do.` });
    else void run(() => callQuietly('accounts.setRole', { ...target, role }), (a) => `${a.name} is now ${SHORT_ROLE[a.role]}.`);
  };

  return (
    <section className="account-detail" data-testid="account-detail" aria-labelledby="account-detail-title">
      <h3 id="account-detail-title" tabIndex={-1}>
        {account.name} <span className="hint">({account.username})</span>
      </h3>
      <dl className="account-facts">
        <dt>Status</dt>
        <dd data-testid="account-status">
          {account.disabled ? 'Disabled' : 'Enabled'}
          {account.mustChangePassword ? ', temporary password not yet changed' : ''}
        </dd>
        <dt>Now</dt>
        <dd>{account.presence}</dd>
        <dt>Last sign-in</dt>
        <dd>{when(account.lastSignInAt)}</dd>
      </dl>
      {error && (
        <p className="error" role="alert" data-testid="account-error">
          {error}
        </p>
      )}
      {confirming ? (
        <div className="account-confirm" role="group" aria-label="Confirm">
          <p data-testid="account-confirm-question">{confirming.question}</p>
          <div className="account-actions">
            <button type="button" className="danger" data-testid="account-confirm" autoFocus onClick={confirm}>
              Yes, do it
            </button>
            <button type="button" className="small" data-testid="account-cancel" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <div className="account-actions">
            {account.disabled ? (
              <button type="button" data-testid="account-enable" disabled={busy} onClick={() => void run(() => callQuietly('accounts.enable', target), (a) => `${a.name} may sign in again.`)}>
                Enable
              </button>
            ) : (
              !isMe && (
                <button
                  type="button"
                  className="small danger"
                  data-testid="account-disable"
                  disabled={busy}
                  onClick={() => ask({ kind: 'disable', question: `Disable ${account.name}? They cannot sign in, their open desks close now, and the chats they hold go back to the queue.` })}
                >
                  Disable…
                </button>
              )
            )}
            {/* Not for oneself: the desk would sign out at once, the temporary password with it. */}
            {!isMe && (
              <>
                <button
                  type="button"
                  className="small"
                  data-testid="account-reset-password"
                  disabled={busy}
                  onClick={() => ask({ kind: 'resetPassword', question: `Give ${account.name} a temporary password? Their password stops working and their desks close.` })}
                >
                  Reset password…
                </button>
                <button
                  type="button"
                  className="small"
                  data-testid="account-end-sessions"
                  disabled={busy}
                  onClick={() => ask({ kind: 'endSessions', question: `End every session of ${account.name}? Each desk signed in as them closes, and the chats they hold go back to the queue.` })}
                >
                  End sessions…
                </button>
              </>
            )}
          </div>
          <div className="account-edit">
            <label>
              Role
              <select
                data-testid="account-role"
                value={role}
                onChange={(e) => {
                  const chosen = e.target.value;
                  if (isOneOf(ROLES, chosen)) setRole(chosen);
                }}
              >
                {ROLES.filter((r) => r !== 'head' || isHead || account.role === 'head').map((r) => (
                  <option key={r} value={r}>
                    {ROLE_WORDS[r]}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="small" data-testid="account-save-role" disabled={busy || role === account.role} onClick={saveRole}>
              Save role
            </button>
          </div>
          {isHead && (
            <div className="account-edit">
              <label>
                Home campus
                <CampusSelect testId="account-campus" campuses={campuses} value={campus} onChange={setCampus} />
              </label>
              <button
                type="button"
                className="small"
                data-testid="account-save-campus"
                disabled={busy || campus === account.campus}
                onClick={() => void run(() => callQuietly('accounts.setCampus', { ...target, campus }), (a) => `${a.name} now belongs to ${campuses.find((c) => c.id === a.campus)?.name ?? a.campus}.`)}
              >
                Move
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
