import { useEffect } from 'react';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING, isMuted } from '../../shared/alerts/policy';
import { trayView } from '../../shared/alerts/tray';
import { Presence } from '../../shared/presence/schemas';
import { isOneOf } from '../../shared/narrow';
import { useAppStore } from '../store';
import { useNow } from '../clock';
import { DeskMenu } from './DeskMenu';

const STATUS_TEXT = { online: 'Connected', connecting: 'Connecting…', offline: 'Offline: reconnecting', signed_out: 'Signed out' } as const;

const PRESENCE_TEXT = { online: 'Online', away: 'Away', offline: 'Offline' } as const;

/**
 * Who is signed in and their own status, the link state, the mute control with its banner, and
 * the menu. One row that fits 1024 px: the panels open from the dock, the rarer ones from the menu.
 */
export function TopBar() {
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
          <span className="me" title={`${session.operator.name} · ${campus?.name ?? session.operator.campus}`} data-testid="me">
            {session.operator.name} · {campus?.name ?? session.operator.campus}
          </span>
        )}
        {/* The librarian's own status, coloured, so Away is never forgotten at a busy desk. */}
        <label className={`presence presence-${session?.presence ?? 'online'}`} data-testid="my-presence" data-presence={session?.presence ?? 'online'}>
          <span className="dot" aria-hidden="true" />
          <select aria-label="My status" value={session?.presence ?? 'online'} onChange={(e) => isOneOf(Presence.options, e.target.value) && void call('presence.set', { presence: e.target.value })}>
            {(['online', 'away', 'offline'] as const).map((p) => (
              <option key={p} value={p}>
                {PRESENCE_TEXT[p]}
              </option>
            ))}
          </select>
        </label>
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
        <DeskMenu />
      </header>
      {mutedFor > 0 && (
        <div className="mute-banner" role="status" data-testid="mute-banner">
          Alerts are muted for {Math.ceil(mutedFor / 60_000)} more minute(s). Waiting chats will not sound, even when urgent.
        </div>
      )}
    </>
  );
}
