import { type FormEvent, useState } from 'react';
import { BACKEND_URL_RULE, isAllowedBackendUrl } from '../../shared/session/schemas';
import { LockedByIt } from '../machine-settings/MachineBanner';
import { useAppStore } from '../store';

/**
 * Sign in to a configured backend. The token is kept by main (safeStorage in Electron), never
 * here. Every error shows on the form, where the librarian is looking, and clears on success.
 */
export function SignIn() {
  const session = useAppStore((s) => s.session);
  const machine = useAppStore((s) => s.machine);
  const waiting = useAppStore((s) => s.signedOutWaiting);
  // IT's backend, locked or as the default; a librarian may change an unlocked one.
  const locked = machine?.locked.includes('backendUrl') ?? false;
  const [typedUrl, setBackendUrl] = useState<string | null>(null);
  const backendUrl = locked
    ? (machine?.backendUrl ?? '')
    : (typedUrl ?? session?.configuredBackendUrl ?? session?.backendUrl ?? machine?.backendUrl ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A temporary password (a new account, an administrator's reset): the librarian chooses their own here.
  const [mustChange, setMustChange] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const changeProblem = !mustChange
    ? null
    : newPassword.length < 8
      ? 'Your new password must be at least 8 characters.'
      : newPassword !== repeated
        ? 'The two new passwords are not the same.'
        : newPassword === password
          ? 'Your new password must differ from the temporary one.'
          : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const url = backendUrl.trim();
    // The same rule main applies, said before the password leaves the form.
    if (!isAllowedBackendUrl(url)) return setError(`${BACKEND_URL_RULE}.`);
    if (changeProblem) return setError(changeProblem);
    setBusy(true);
    setError(null);
    const outcome = await useAppStore
      .getState()
      .callQuietly('session.signIn', { backendUrl: url, username: username.trim(), password, ...(mustChange ? { newPassword } : {}) });
    setBusy(false);
    if (!outcome.ok && outcome.error.code === 'password_change_required') {
      // The temporary password was right: keep it for the second step, and ask for theirs.
      setMustChange(true);
      return setError(null);
    }
    setPassword('');
    setNewPassword('');
    setRepeated('');
    setMustChange(false);
    if (outcome.ok) useAppStore.getState().receive({ type: 'session', session: outcome.value });
    else setError(outcome.error.message);
  };

  const shown = error ?? session?.error ?? null;
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-label="Sign in" noValidate>
        <h1>Deskbell</h1>
        <p>Sign in to your library's chat backend.</p>
        {waiting?.watching && (
          <p className="signed-out-waiting" role="status" data-testid="signed-out-waiting">
            {waiting.waiting === 0
              ? 'No chats waiting. This desk rings when one arrives.'
              : `${waiting.waiting} ${waiting.waiting === 1 ? 'chat' : 'chats'} waiting: sign in to answer.`}
          </p>
        )}
        {shown && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {shown}
          </p>
        )}
        <label>
          <span>
            Backend address
            {locked && <LockedByIt what="The backend address" />}
          </span>
          <input
            data-testid="backend-url"
            type="url"
            required
            readOnly={locked}
            placeholder="https://chat.library.example"
            value={backendUrl}
            onChange={(e) => setBackendUrl(e.target.value)}
            aria-invalid={error !== null && !isAllowedBackendUrl(backendUrl.trim())}
          />
        </label>
        <label>
          User name
          <input data-testid="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {mustChange ? 'Temporary password' : 'Password'}
          <input
            data-testid="password"
            type="password"
            autoComplete="current-password"
            required
            readOnly={mustChange}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {mustChange && (
          <fieldset className="new-password" data-testid="choose-password">
            <legend>Choose your own password</legend>
            <p className="hint" id="new-password-rule">
              The password you were given was temporary. At least 8 characters; only you will know it.
            </p>
            <label>
              New password
              <input
                data-testid="new-password"
                type="password"
                autoComplete="new-password"
                required
                autoFocus
                aria-describedby="new-password-rule"
                value={newPassword}
                onChange={(e) => setNewPassword(e.target.value)}
              />
            </label>
            <label>
              New password again
              <input data-testid="repeat-password" type="password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} />
            </label>
          </fieldset>
        )}
        <button type="submit" disabled={busy || !username.trim() || !password || (mustChange && (!newPassword || !repeated))}>
          {busy ? 'Signing in…' : mustChange ? 'Set my password and sign in' : 'Sign in'}
        </button>
        {mustChange && (
          <button
            type="button"
            className="small"
            data-testid="cancel-password-change"
            onClick={() => {
              setMustChange(false);
              setPassword('');
              setNewPassword('');
              setRepeated('');
            }}
          >
            Start again
          </button>
        )}
      </form>
    </main>
  );
}
