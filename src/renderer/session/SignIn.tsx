import { type FormEvent, useState } from 'react';
import { LockedByIt } from '../machine-settings/MachineBanner';
import { useAppStore } from '../store';

/** Sign in to a configured backend. The token is kept by main (safeStorage in Electron), never here. */
export function SignIn() {
  const session = useAppStore((s) => s.session);
  const machine = useAppStore((s) => s.machine);
  const waiting = useAppStore((s) => s.signedOutWaiting);
  // IT's backend, locked or as the default; a librarian may change an unlocked one.
  const locked = machine?.locked.includes('backendUrl') ?? false;
  const [typedUrl, setBackendUrl] = useState<string | null>(null);
  const backendUrl = locked ? (machine?.backendUrl ?? '') : (typedUrl ?? session?.backendUrl ?? machine?.backendUrl ?? 'https://');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await useAppStore.getState().call('session.signIn', { backendUrl: backendUrl.trim(), username: username.trim(), password });
    setBusy(false);
    setPassword('');
    if (result) useAppStore.getState().receive({ type: 'session', session: result });
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Deskbell</h1>
        <p>Sign in to your library's chat backend.</p>
        {waiting?.watching && (
          <p className="signed-out-waiting" role="status" data-testid="signed-out-waiting">
            {waiting.waiting === 0
              ? 'No chats waiting. This desk rings when one arrives.'
              : `${waiting.waiting} ${waiting.waiting === 1 ? 'chat' : 'chats'} waiting: sign in to answer.`}
          </p>
        )}
        {session?.error && <p className="error">{session.error}</p>}
        <label>
          <span>
            Backend URL
            {locked && <LockedByIt what="The backend URL" />}
          </span>
          <input
            data-testid="backend-url"
            type="url"
            required
            readOnly={locked}
            value={backendUrl}
            onChange={(e) => setBackendUrl(e.target.value)}
          />
        </label>
        <label>
          User name
          <input data-testid="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          Password
          <input data-testid="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
