import { useEffect, useState } from 'react';
import type { CallResult } from '../../shared/api';
import { useAppStore } from '../store';

type Figures = CallResult<'diagnostics.get'>;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} ms`);

/**
 * What main holds and how quickly alerts reach the speaker, for a librarian or IT checking
 * that the desk is healthy ("did it ring while the window was hidden?"). Refreshed while open.
 */
export function Diagnostics() {
  const [figures, setFigures] = useState<Figures | null>(null);
  useEffect(() => {
    const { host } = useAppStore.getState();
    let live = true;
    // Quietly: a failed refresh is not worth a notice, the next one will tell.
    const load = () => void host?.call('diagnostics.get', {}).then((outcome) => live && outcome.ok && setFigures(outcome.value));
    load();
    const timer = setInterval(load, 5_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!figures) return null;
  const { sounds } = figures;
  return (
    <details className="diagnostics" data-testid="diagnostics">
      <summary>Diagnostics</summary>
      <dl>
        <dt>Alert sounds played</dt>
        <dd data-testid="sounds-played">
          {sounds.played} ({sounds.playedHidden} with the window hidden)
        </dd>
        <dt>Decision to sound</dt>
        <dd>
          median {ms(sounds.medianMs)}, worst {ms(sounds.worstMs)}
        </dd>
        <dt>Main process</dt>
        <dd>
          {mib(figures.rssBytes)} in use, {figures.chatsInMemory} chats held, up {Math.round(figures.uptimeS / 60)} min
        </dd>
      </dl>
    </details>
  );
}
