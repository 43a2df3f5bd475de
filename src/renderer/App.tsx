import { useState } from 'react';
import { SettingsPanel } from './alerts/SettingsPanel';
import type { SoundPlayer } from './alerts/sound-player';
import { SoundGate } from './alerts/SoundGate';
import { CampusInfo } from './campuses/CampusInfo';
import { DirectoryPanel } from './campuses/DirectoryPanel';
import { Board } from './chats/Board';
import { ChatPane } from './chats/ChatPane';
import { FaqPanel } from './faqs/FaqPanel';
import { SignIn } from './session/SignIn';
import { TopBar } from './session/TopBar';
import { useAppStore } from './store';

export function App({ player }: { player: SoundPlayer }) {
  const session = useAppStore((s) => s.session);
  const notices = useAppStore((s) => s.notices);
  const openChatId = useAppStore((s) => s.openChatId);
  const directoryOpen = useAppStore((s) => s.directoryOpen);
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
            <button type="button" onClick={() => useAppStore.getState().dismiss(n.id)} aria-label="Dismiss">
              ×
            </button>
          </p>
        ))}
      </div>
      <div className="layout">
        <Board />
        <div className="side">
          {settingsOpen && <SettingsPanel onClose={() => setSettingsOpen(false)} onTestSound={() => player.test('ping-1', useAppStore.getState().alerts?.volume ?? 0.8)} />}
          {directoryOpen && <DirectoryPanel />}
          <CampusInfo />
          {/* Keyed by chat: no button or confirmation state carries over to another patron. */}
          <ChatPane key={openChatId ?? 'none'} />
          <FaqPanel />
        </div>
      </div>
    </div>
  );
}
