import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startBrowserNotifications } from './chats/browser-notifications';
import { startHandoffNotifications } from './transfers/browser-notifications';
import { detectHost } from './platform';
import { SoundPlayer } from './alerts/sound-player';
import { useAppStore } from './store';
import { batchPushes } from './store/push-batch';
import './styles.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
const root = createRoot(rootElement);
const subscribe = () => void useAppStore.getState().call('desk.subscribe', {});
const host = detectHost(subscribe);

if ('error' in host) {
  root.render(<main className="loading">{host.error}</main>);
} else {
  const store = useAppStore.getState();
  store.setHost(host);
  // Each sound started is reported to main's diagnostics (latency, and whether the window was hidden).
  const player = new SoundPlayer((played) => void host.call('diagnostics.soundPlayed', played));
  // Sounds play at once; the rest is applied once a frame (./store/push-batch.ts).
  const receive = batchPushes((pushes) => useAppStore.getState().receiveAll(pushes));
  host.onPush((push) => {
    if (push.type === 'sound') player.play(push);
    else receive(push);
  });
  startBrowserNotifications(host, (chatId) => useAppStore.getState().openChat(chatId));
  startHandoffNotifications(host);
  subscribe();
  root.render(
    <StrictMode>
      <App player={player} />
    </StrictMode>,
  );
}
