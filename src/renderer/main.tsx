import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { detectHost } from './platform';
import { SoundPlayer } from './sound-player';
import { useDesk } from './store';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const subscribe = () => void useDesk.getState().call('desk.subscribe', {});
const host = detectHost(subscribe);

if ('error' in host) {
  root.render(<main className="loading">{host.error}</main>);
} else {
  const store = useDesk.getState();
  store.setHost(host);
  const player = new SoundPlayer((soundId, at) => void host.call('alerts.played', { soundId, at }));
  host.onPush((push) => {
    if (push.type === 'sound') player.play(push);
    else useDesk.getState().receive(push);
  });
  subscribe();
  root.render(
    <StrictMode>
      <App player={player} />
    </StrictMode>,
  );
}
