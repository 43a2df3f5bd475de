import type { SlotSpec } from '../slots/slot';
import { usePlayer } from './player-context';
import { SoundGate } from './SoundGate';

/** A browser that holds audio says so first: a silent alert is the one failure never hidden. */
function Gate() {
  const player = usePlayer();
  return player ? <SoundGate player={player} /> : null;
}

export const alertSlots: SlotSpec[] = [{ slot: 'desk-banner', id: 'sound-gate', priority: 10, Part: Gate }];
