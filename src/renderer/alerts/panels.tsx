import type { DeskPanel } from '../dock/panel';
import { useAppStore } from '../store';
import { usePlayer } from './player-context';
import { SettingsPanel } from './SettingsPanel';

function Settings() {
  const player = usePlayer();
  // A test sound plays at the volume it would ring at: the chime at its own, the pings at the alert volume.
  const test = (sound: Parameters<NonNullable<typeof player>['test']>[0]) => {
    const alerts = useAppStore.getState().alerts;
    player?.test(sound, sound === 'message' ? (alerts?.messageVolume ?? 0.5) : (alerts?.volume ?? 0.8));
  };
  return <SettingsPanel onTestSound={test} />;
}

/** The alerts' panel: volume, mute, ringing between shifts, diagnostics. In the top bar's menu. */
export const alertPanels: DeskPanel[] = [{ id: 'settings', scope: 'desk', menu: true, title: 'Settings', priority: 30, hint: 'Alert volume, sounds and diagnostics', Panel: Settings }];
