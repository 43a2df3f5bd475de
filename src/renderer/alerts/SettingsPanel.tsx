import { SOUNDS, type SoundName } from '../../shared/alerts/policy';
import { DEFAULT_NUDGES } from '../../shared/workspace/nudges';
import type { LockableSetting } from '../../shared/machine-settings/schema';
import { LockedByIt } from '../machine-settings/MachineBanner';
import { useAppStore } from '../store';
import { Diagnostics } from './Diagnostics';

const UPDATE_TEXT = {
  off: 'updates are off',
  idle: 'up to date',
  checking: 'checking…',
  downloading: 'downloading',
  ready: 'ready to install',
  installing: 'installing',
  error: 'the last check failed',
} as const;

/** Alert and desk settings; main validates and persists them, within what IT set and locked. */
/** Seconds as the settings show them: "45 s", "2 min". */
const secondsLabel = (ms: number) => (ms < 60_000 ? `${ms / 1000} s` : `${ms / 60_000} min`);
const DEAD_AIR_CHOICES = [30_000, 45_000, 60_000, 90_000, 120_000];
const SILENCE_CHOICES = [2 * 60_000, 3 * 60_000, 5 * 60_000, 10 * 60_000];
const SILENCE_END_CHOICES = [60_000, 2 * 60_000, 3 * 60_000, 5 * 60_000];

/** A choice list that also shows a value set elsewhere (a test's shortened threshold) rather than hiding it. */
function NudgeChoice({ label, value, choices, onChange, testId }: { label: string; value: number; choices: number[]; onChange(ms: number): void; testId: string }) {
  const options = choices.includes(value) ? choices : [...choices, value].sort((a, b) => a - b);
  return (
    <label>
      {label}
      <select data-testid={testId} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {options.map((ms) => (
          <option key={ms} value={ms}>
            {secondsLabel(ms)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SettingsPanel({ onTestSound }: { onTestSound(sound: SoundName | 'message'): void }) {
  const alerts = useAppStore((s) => s.alerts);
  const desk = useAppStore((s) => s.deskSettings);
  const machine = useAppStore((s) => s.machine);
  const update = useAppStore((s) => s.update);
  const campuses = useAppStore((s) => s.desk.campuses);
  const { call } = useAppStore.getState();
  const desktop = useAppStore((s) => s.host?.kind === 'electron');
  if (!alerts) return null;
  const floor = machine?.limits.minVolume ?? 0;
  const isLocked = (name: LockableSetting) => desk?.locked.includes(name) ?? false;
  return (
    <aside className="settings" data-testid="settings" aria-label="Alert settings">
      <header>
        <h2>Alerts</h2>
      </header>
      <label>
        <span>
          Volume {Math.round(alerts.volume * 100)}%
          {floor > 0 && (
            <span className="locked" data-testid="volume-floor">
              at least {Math.round(floor * 100)}%, set by IT
            </span>
          )}
        </span>
        <input
          type="range"
          data-testid="volume"
          min={Math.round(floor * 100)}
          max={100}
          value={Math.round(alerts.volume * 100)}
          onChange={(e) => void call('alerts.set', { volume: Number(e.target.value) / 100 })}
        />
      </label>
      <label>
        Other campuses (before 20 s) {Math.round(alerts.otherCampusVolume * 100)}%
        <input
          type="range"
          min={0}
          max={100}
          value={Math.round(alerts.otherCampusVolume * 100)}
          onChange={(e) => void call('alerts.set', { otherCampusVolume: Number(e.target.value) / 100 })}
        />
      </label>
      <label>
        Urgent repeat every
        <select value={alerts.urgentRepeatMs} onChange={(e) => void call('alerts.set', { urgentRepeatMs: Number(e.target.value) })}>
          {[5_000, 10_000, 15_000, 20_000, 30_000].map((ms) => (
            <option key={ms} value={ms}>
              {ms / 1000} s
            </option>
          ))}
        </select>
      </label>
      {machine && machine.limits.maxMuteMinutes < 60 && (
        <p className="hint" data-testid="mute-cap">
          {machine.limits.maxMuteMinutes === 0 ? 'Muting is off on this PC' : `Mute for at most ${machine.limits.maxMuteMinutes} minutes`}, set by IT.
        </p>
      )}
      <button type="button" data-testid="test-sound" onClick={() => onTestSound('ping-1')}>
        Test sound
      </button>
      <p className="hint">Sounds: {SOUNDS.join(', ')}. They escalate from the first ping to urgent at 20 s.</p>
      <label>
        <span>Message chime {Math.round(alerts.messageVolume * 100)}%</span>
        <input
          type="range"
          data-testid="message-volume"
          min={0}
          max={100}
          value={Math.round(alerts.messageVolume * 100)}
          onChange={(e) => void call('alerts.set', { messageVolume: Number(e.target.value) / 100 })}
        />
      </label>
      <button type="button" data-testid="test-chime" onClick={() => onTestSound('message')}>
        Test the message chime
      </button>
      <p className="hint">The chime sounds when a patron writes in one of your chats that is not in front of you, or while Deskbell is hidden.</p>

      {desk && (
        <>
          <h3>Nudges in the chat</h3>
          <NudgeChoice
            label="Offer “still looking” after this long without a word to a waiting patron"
            testId="nudge-dead-air"
            value={desk.nudges.deadAirMs}
            choices={DEAD_AIR_CHOICES}
            onChange={(ms) => void call('settings.set', { nudges: { deadAirMs: ms } })}
          />
          <NudgeChoice
            label="Offer the silence notice after the patron is quiet for"
            testId="nudge-silence"
            value={desk.nudges.silenceNoticeMs}
            choices={SILENCE_CHOICES}
            onChange={(ms) => void call('settings.set', { nudges: { silenceNoticeMs: ms } })}
          />
          <NudgeChoice
            label="Offer to end the chat this long after the notice"
            testId="nudge-silence-end"
            value={desk.nudges.silenceEndMs}
            choices={SILENCE_END_CHOICES}
            onChange={(ms) => void call('settings.set', { nudges: { silenceEndMs: ms } })}
          />
          {JSON.stringify(desk.nudges) !== JSON.stringify(DEFAULT_NUDGES) && (
            <button type="button" className="small" onClick={() => void call('settings.set', { nudges: DEFAULT_NUDGES })}>
              Back to the usual nudges
            </button>
          )}
        </>
      )}

      {desktop && desk && (
        <>
          <h3>This desk</h3>
          <label>
            Show me as away after
            <select value={desk.idleAwayMinutes} onChange={(e) => void call('settings.set', { idleAwayMinutes: Number(e.target.value) })}>
              {[0, 5, 10, 15, 30, 60].map((m) => (
                <option key={m} value={m}>
                  {m === 0 ? 'never (idle)' : `${m} minutes idle`}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="start-at-login"
              checked={desk.startAtLogin ?? false}
              disabled={isLocked('startAtLogin')}
              onChange={(e) => void call('settings.set', { startAtLogin: e.target.checked })}
            />
            Start Deskbell when I log in
            {isLocked('startAtLogin') && <LockedByIt what="Start at login" />}
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="hide-to-tray"
              checked={desk.hideToTrayOnClose}
              disabled={isLocked('hideToTrayOnClose')}
              onChange={(e) => void call('settings.set', { hideToTrayOnClose: e.target.checked })}
            />
            Closing the window keeps Deskbell in the tray
            {isLocked('hideToTrayOnClose') && <LockedByIt what="Hide to tray on close" />}
          </label>
        </>
      )}

      {machine && (
        <>
          <h3>This PC</h3>
          <dl className="pc" data-testid="this-pc">
            {machine.backendUrl && (
              <>
                <dt>Backend</dt>
                <dd>
                  {machine.backendUrl}
                  {isLocked('backendUrl') && <LockedByIt what="The backend URL" />}
                </dd>
              </>
            )}
            {machine.homeCampus && (
              <>
                <dt>Desk's home campus</dt>
                <dd>{campuses.find((c) => c.id === machine.homeCampus)?.name ?? machine.homeCampus}</dd>
              </>
            )}
            <dt>IT's settings</dt>
            <dd>
              <code>{machine.path}</code>: {machine.problem ? `not applied (${machine.problem.field})` : machine.found ? 'applied' : 'none on this PC'}
            </dd>
            {update && update.state !== 'off' && (
              <>
                <dt>Updates</dt>
                <dd data-testid="update-state">
                  Deskbell {update.current}: {UPDATE_TEXT[update.state]}
                  {update.version && update.state !== 'idle' ? ` (${update.version})` : ''}
                  {update.state === 'downloading' && update.percent !== null ? ` ${update.percent}%` : ''}{' '}
                  {(update.state === 'idle' || update.state === 'error') && (
                    <button type="button" onClick={() => void call('updates.check', {})}>
                      Check now
                    </button>
                  )}
                </dd>
              </>
            )}
          </dl>
        </>
      )}
      <Diagnostics />
    </aside>
  );
}
