import { useState } from 'react';
import { SettingsPanel } from './alerts/SettingsPanel';
import type { SoundPlayer } from './alerts/sound-player';
import { SoundGate } from './alerts/SoundGate';
import { CampusInfo } from './campuses/CampusInfo';
import { DirectoryPanel } from './campuses/DirectoryPanel';
import { Board } from './chats/Board';
import { ChatPane } from './chats/ChatPane';
import { FaqPanel } from './faqs/FaqPanel';
import { MachineBanner } from './machine-settings/MachineBanner';
import { SignIn } from './session/SignIn';
import { TopBar } from './session/TopBar';
import { useAppStore } from './store';
import { UpdateBanner } from './updates/UpdateBanner';
import { HandoffBanner, HandoffPanels } from './transfers/HandoffPanels';

export function App({ player }: { player: SoundPlayer }) {
  const session = useAppStore((s) => s.session);
  if (!session) return <main className="loading">Starting Deskbell…</main>;
  // Keyed by the librarian: when another signs in at a shared desk, every component starts afresh.
  const librarian = session.operator?.id ?? 'nobody';
  return (
    <div className="shell">
      <MachineBanner />
      {session.status === 'signed_out' && !session.operator ? <SignIn key={librarian} /> : <Desk key={librarian} player={player} />}
    </div>
  );
}

function Desk({ player }: { player: SoundPlayer }) {
  const notices = useAppStore((s) => s.notices);
  const openChatId = useAppStore((s) => s.openChatId);
  const directoryOpen = useAppStore((s) => s.directoryOpen);
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <div className="app">
      <TopBar onSettings={() => setSettingsOpen((open) => !open)} />
      <SoundGate player={player} />
      <UpdateBanner />
      {/* Hand-offs: chats offered to this librarian, above everything else on the desk. */}
      <HandoffBanner />
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
          {/* Hand-offs: who is on, notes, tickets (one at a time). */}
          <HandoffPanels />
          <CampusInfo />
          {/* Keyed by chat: no button or confirmation state carries over to another patron. */}
          <ChatPane key={openChatId ?? 'none'} />
          <FaqPanel />
        </div>
      </div>
    </div>
  );
}
