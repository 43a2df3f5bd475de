import { useEffect, useState } from 'react';
import { SOUNDS } from '../../shared/alerts/policy';
import { useAppStore } from '../store';
import { Diagnostics } from './Diagnostics';

/** Alert settings; main validates and persists them. */
export function SettingsPanel({ onClose, onTestSound }: { onClose(): void; onTestSound(): void }) {
  const alerts = useAppStore((s) => s.alerts);
  const { call } = useAppStore.getState();
  const desktop = useAppStore((s) => s.host?.kind === 'electron');
  const [idleAway, setIdleAway] = useState<number | null>(null);
  useEffect(() => {
    void call('settings.get', {}).then((r) => r && setIdleAway(r.idleAwayMinutes));
  }, [call]);
  if (!alerts) return null;
  return (
    <aside className="settings" data-testid="settings" aria-label="Alert settings">
      <header>
        <h2>Alerts</h2>
        <button type="button" onClick={onClose} aria-label="Close settings">
          ×
        </button>
      </header>
      <label>
        Volume {Math.round(alerts.volume * 100)}%
        <input type="range" min={0} max={100} value={Math.round(alerts.volume * 100)} onChange={(e) => void call('alerts.set', { volume: Number(e.target.value) / 100 })} />
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
      {desktop && idleAway !== null && (
        <label>
          Show me as away after
          <select
            value={idleAway}
            onChange={(e) => void call('settings.set', { idleAwayMinutes: Number(e.target.value) }).then((r) => r && setIdleAway(r.idleAwayMinutes))}
          >
            {[0, 5, 10, 15, 30, 60].map((m) => (
              <option key={m} value={m}>
                {m === 0 ? 'never (idle)' : `${m} minutes idle`}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" data-testid="test-sound" onClick={onTestSound}>
        Test sound
      </button>
      <p className="hint">Sounds: {SOUNDS.join(', ')}. They escalate from the first ping to urgent at 20 s.</p>
      <Diagnostics />
    </aside>
  );
}
