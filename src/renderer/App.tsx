import { useState } from 'react';
import { Board } from './components/Board';
import { CampusInfo } from './components/CampusInfo';
import { ChatPane } from './components/ChatPane';
import { SettingsPanel } from './components/SettingsPanel';
import { SignIn } from './components/SignIn';
import { SoundGate } from './components/SoundGate';
import type { SoundPlayer } from './sound-player';
import { TopBar } from './components/TopBar';
import { useDesk } from './store';

export function App({ player }: { player: SoundPlayer }) {
  const session = useDesk((s) => s.session);
  const notices = useDesk((s) => s.notices);
  const openChatId = useDesk((s) => s.openChatId);
  const [settingsOpen, setSettingsOpen] = useState(false);
  if (!session) return <main className="loading">Starting Deskbell…</main>;
  if (session.status === 'signed_out' && !session.operator) return <SignIn />;
  return (
    <div className="app">
      <TopBar onSettings={() => setSettingsOpen((open) => !open)} />
      <SoundGate player={player} />
      <div className="notices" role="alert">
        {notices.map((n) => (
          <p key={n.id} className={`notice ${n.kind}`} data-testid="notice">
            {n.text}
            <button type="button" onClick={() => useDesk.getState().dismiss(n.id)} aria-label="Dismiss">
              ×
            </button>
          </p>
        ))}
      </div>
      <div className="layout">
        <Board />
        <div className="side">
          {settingsOpen && <SettingsPanel onClose={() => setSettingsOpen(false)} onTestSound={() => player.test('ping-1', useDesk.getState().alerts?.volume ?? 0.8)} />}
          <CampusInfo />
          {/* Keyed by chat: no button or confirmation state carries over to another patron. */}
          <ChatPane key={openChatId ?? 'none'} />
        </div>
      </div>
    </div>
  );
}
