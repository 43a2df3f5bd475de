import { useState } from 'react';
import { SettingsPanel } from './alerts/SettingsPanel';
import type { SoundPlayer } from './alerts/sound-player';
import { SoundGate } from './alerts/SoundGate';
import { CampusInfo } from './campuses/CampusInfo';
import { DirectoryPanel } from './campuses/DirectoryPanel';
import { Board } from './chats/Board';
import { ChatPane } from './chats/ChatPane';
import { ChatTabs } from './chats/ChatTabs';
import { composerTarget } from './chats/composer-target';
import { FaqPanel } from './faqs/FaqPanel';
import { MachineBanner } from './machine-settings/MachineBanner';
import { SignIn } from './session/SignIn';
import { TopBar } from './session/TopBar';
import { useAppStore } from './store';
import { TemplateEditor } from './templates/TemplateEditor';
import { TranscriptsPanel } from './transcripts/TranscriptsPanel';
import { UpdateBanner } from './updates/UpdateBanner';
import { HandoffBanner, HandoffPanels } from './transfers/HandoffPanels';
import { Announcer } from './workspace/Announcer';
import { ClaimConfirm } from './workspace/ClaimConfirm';
import { useReportFront } from './workspace/front';
import { ShortcutsHelp } from './workspace/ShortcutsHelp';
import { useShortcuts } from './workspace/use-shortcuts';

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

/** Past the board, straight to the conversation (the reply box when the open chat is the librarian's). */
function SkipLink() {
  const skip = (event: React.MouseEvent) => {
    event.preventDefault();
    const state = useAppStore.getState();
    if (composerTarget(state)) state.requestFocus('composer');
    else document.getElementById('conversation')?.focus();
  };
  return (
    <a className="skip-link" href="#conversation" data-testid="skip-link" onClick={skip}>
      Skip to the conversation
    </a>
  );
}

function Desk({ player }: { player: SoundPlayer }) {
  const notices = useAppStore((s) => s.notices);
  const openChatId = useAppStore((s) => s.openChatId);
  const directoryOpen = useAppStore((s) => s.directoryOpen);
  const sidePanels = useAppStore((s) => s.sidePanels);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useShortcuts();
  useReportFront();
  return (
    <div className="app">
      <SkipLink />
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
      <Announcer />
      <ClaimConfirm />
      <main className="layout">
        <Board />
        <div className="side">
          {settingsOpen && (
            <SettingsPanel
              onClose={() => setSettingsOpen(false)}
              onTestSound={(sound) => player.test(sound, sound === 'message' ? (useAppStore.getState().alerts?.messageVolume ?? 0.5) : (useAppStore.getState().alerts?.volume ?? 0.8))}
            />
          )}
          {directoryOpen && <DirectoryPanel />}
          {sidePanels.includes('shortcuts') && <ShortcutsHelp />}
          {sidePanels.includes('transcripts') && <TranscriptsPanel />}
          {sidePanels.includes('templates-editor') && <TemplateEditor />}
          {/* Hand-offs: who is on, notes, tickets (one at a time). */}
          <HandoffPanels />
          <CampusInfo />
          <div className="workspace">
            <ChatTabs />
            {/* Keyed by chat: no button or confirmation state carries over to another patron. */}
            <ChatPane key={openChatId ?? 'none'} />
          </div>
          <FaqPanel />
        </div>
      </main>
    </div>
  );
}
