import { useEffect, useState } from 'react';
import type { SoundPlayer } from './sound-player';

/**
 * A browser (not the desktop app, which allows autoplay) can hold audio until the first click.
 * A silent alert is the one failure Deskbell must never hide, so say so until sound is on.
 */
export function SoundGate({ player }: { player: SoundPlayer }) {
  const [state, setState] = useState(player.audioState);
  useEffect(() => {
    const update = () => setState(player.audioState);
    const off = player.onAudioState(update);
    const timer = setInterval(update, 2_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [player]);
  if (state === 'running') return null;
  return (
    <div className="sound-gate" role="alert" data-testid="sound-gate">
      Sound is off: this browser holds audio until you click.{' '}
      <button type="button" onClick={() => void player.unlock().then(() => setState(player.audioState))}>
        Turn sound on
      </button>
    </div>
  );
}
