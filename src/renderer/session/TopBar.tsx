import { useEffect, useState } from 'react';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING, isMuted } from '../../shared/alerts/policy';
import { trayView } from '../../shared/alerts/tray';
import { chatsClaimedBy } from '../../shared/chats/selectors';
import type { Presence } from '../../shared/presence/schemas';
import { useAppStore } from '../store';
import { useNow } from '../clock';
import { HandoffButtons } from '../transfers/HandoffButtons';

const STATUS_TEXT = { online: 'Connected', connecting: 'Connecting…', offline: 'Offline: reconnecting', signed_out: 'Signed out' } as const;

/** Who is signed in, the link state, presence, and the mute control with its banner. */
export function TopBar({ onSettings }: { onSettings(): void }) {
  const session = useAppStore((s) => s.session);
  const alerts = useAppStore((s) => s.alerts);
  const desk = useAppStore((s) => s.desk);
  const now = useNow();
  // The tray's own view (idle / waiting / urgent), so the page and the tray never disagree.
  const tray = trayView(desk, now, session?.operator ?? null, alerts ?? DEFAULT_ALERT_SETTINGS, session?.timing ?? DEFAULT_TIMING);
  const waiting = tray.count;
  useEffect(() => {
    // A background tab shows the count in its title.
    document.title = tray.count === 0 ? 'Deskbell' : `(${tray.count}${tray.state === 'urgent' ? '!' : ''}) Deskbell`;
  }, [tray.count, tray.state]);
  const { call } = useAppStore.getState();
  // The same rule the scheduler and the tray use: a mute ends by itself at mutedUntil.
  const mutedFor = alerts && isMuted(alerts, now) && alerts.mutedUntil !== null ? alerts.mutedUntil - now : 0;
  const campus = desk.campuses.find((c) => c.id === session?.operator?.campus);
  // IT's longest mute: the button offers 15 minutes, or less where IT allows less, or nothing.
  const maxMute = useAppStore((s) => s.machine?.limits.maxMuteMinutes ?? 60);
  const muteMinutes = Math.min(15, maxMute);
  const held = session?.operator ? chatsClaimedBy(desk, session.operator.id).length : 0;
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  // Sign out, or let the next librarian sign in: the session ends and nothing of this librarian stays.
  const signOut = () => {
    if (held > 0 && !confirmSignOut) return setConfirmSignOut(true);
    setConfirmSignOut(false);
    void call('session.signOut', {});
  };

  return (
    <>
      <header className="top-bar">
        <h1>Deskbell</h1>
        {/* The pill is the queue's: an offer to this librarian shows in its own banner, not as "0 waiting" in colour. */}
        <span className={`waiting-count tray-${tray.count > 0 ? tray.state : 'idle'}`} data-testid="waiting-count">
          {waiting} waiting
        </span>
        <span className={`link link-${session?.status ?? 'connecting'}`} data-testid="link-status">
          {STATUS_TEXT[session?.status ?? 'connecting']}
          {session && session.pending > 0 ? ` · ${session.pending} unsent` : ''}
        </span>
        <span className="spacer" />
        {session?.operator && (
          <span className="me">
            {session.operator.name} · {campus?.name ?? session.operator.campus}
          </span>
        )}
        <select
          aria-label="Presence"
          value={session?.presence ?? 'online'}
          onChange={(e) => void call('presence.set', { presence: e.target.value as Presence })}
        >
          <option value="online">Online</option>
          <option value="away">Away</option>
          <option value="offline">Offline</option>
        </select>
        {mutedFor > 0 ? (
          <button type="button" onClick={() => void call('alerts.mute', { minutes: 0 })}>
            Unmute
          </button>
        ) : (
          muteMinutes > 0 && (
            <button type="button" data-testid="mute" onClick={() => void call('alerts.mute', { minutes: muteMinutes })}>
              Mute {muteMinutes} min
            </button>
          )
        )}
        {/* Hand-offs: who is on, notes, tickets. */}
        <HandoffButtons />
        <button type="button" data-testid="open-directory" onClick={() => useAppStore.getState().toggleDirectory()}>
          Directory
        </button>
        <button type="button" data-testid="open-transcripts" aria-keyshortcuts="Alt+S" title="Search transcripts (Alt+S)" onClick={() => useAppStore.getState().toggleSidePanel('transcripts')}>
          Transcripts
        </button>
        {session?.operator?.role === 'admin' && (
          <button type="button" data-testid="open-template-editor" onClick={() => useAppStore.getState().toggleSidePanel('templates-editor')}>
            Templates
          </button>
        )}
        <button type="button" data-testid="open-shortcuts" aria-keyshortcuts="F1" title="Keyboard shortcuts (F1)" onClick={() => useAppStore.getState().toggleSidePanel('shortcuts')}>
          Keys
        </button>
        <button type="button" onClick={onSettings}>
          Settings
        </button>
        {session && !session.embedded && (
          <button
            type="button"
            data-testid="sign-out"
            className={confirmSignOut ? 'danger' : ''}
            title="Sign out, so the next librarian can sign in at this desk"
            onClick={signOut}
            onBlur={() => setConfirmSignOut(false)}
          >
            {confirmSignOut ? `You hold ${held} ${held === 1 ? 'chat' : 'chats'}: sign out anyway?` : 'Sign out / switch librarian'}
          </button>
        )}
      </header>
      {mutedFor > 0 && (
        <div className="mute-banner" role="status" data-testid="mute-banner">
          Alerts are muted for {Math.ceil(mutedFor / 60_000)} more minute(s). Waiting chats will not sound, even when urgent.
        </div>
      )}
    </>
  );
}
