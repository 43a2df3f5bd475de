import { PlayerContext } from './alerts/player-context';
import type { SoundPlayer } from './alerts/sound-player';
import { PANELS, SLOTS } from './capabilities';
import { Board } from './chats/Board';
import { ChatPane } from './chats/ChatPane';
import { ChatTabs } from './chats/ChatTabs';
import { composerTarget } from './chats/composer-target';
import { Dock } from './dock/Dock';
import { PanelsContext } from './dock/registry';
import { MachineBanner } from './machine-settings/MachineBanner';
import { SignIn } from './session/SignIn';
import { DeskSlot, SlotsContext } from './slots/Slot';
import { TopBar } from './session/TopBar';
import { useAppStore } from './store';
import { Announcer } from './workspace/Announcer';
import { ClaimConfirm } from './workspace/ClaimConfirm';
import { useReportFront } from './workspace/front';
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
    // A wide panel (statistics) covers the conversation: it steps aside, and the focus follows once it is drawn.
    const covered = state.dock !== null && PANELS.some((p) => p.id === state.dock?.panel && p.wide === true);
    if (covered) state.closePanel();
    if (composerTarget(state)) state.requestFocus('composer');
    else if (covered) requestAnimationFrame(() => document.getElementById('conversation')?.focus());
    else document.getElementById('conversation')?.focus();
  };
  return (
    <a className="skip-link" href="#conversation" data-testid="skip-link" onClick={skip}>
      Skip to the conversation
    </a>
  );
}

/**
 * The desk, laid out for a reference-desk PC (1366x768 first, 1024x768 at the least): the board,
 * the conversation, and the dock, one tool area the height of its column (./dock). Panels and
 * slot parts come from the registry (./capabilities.ts); this file imports none of them.
 */
function Desk({ player }: { player: SoundPlayer }) {
  const notices = useAppStore((s) => s.notices);
  const openChatId = useAppStore((s) => s.openChatId);
  useShortcuts(PANELS);
  useReportFront();
  return (
    <PanelsContext.Provider value={PANELS}>
      <SlotsContext.Provider value={SLOTS}>
      <PlayerContext.Provider value={player}>
        <div className="app">
          <SkipLink />
          <TopBar />
          {/* Sound off, an update, chats offered to this librarian: what capabilities put above the desk. */}
          <DeskSlot name="desk-banner" />
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
            <div className="workspace">
              <ChatTabs />
              {/* Keyed by chat: no button or confirmation state carries over to another patron. */}
              <ChatPane key={openChatId ?? 'none'} />
            </div>
            <Dock />
          </main>
        </div>
      </PlayerContext.Provider>
      </SlotsContext.Provider>
    </PanelsContext.Provider>
  );
}
