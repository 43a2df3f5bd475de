import { useEffect, useRef } from 'react';
import { patronLabel } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { useAppStore } from '../store';
import type { AppState } from '../store';
import { useEscapeToClose } from '../workspace/escape';
import type { ChatPanelProps, PanelSpec } from './panel';
import { PanelOpener } from './PanelOpener';
import { panelById, panelsIn, usePanels } from './registry';

/** The chat in front, whether on the desk or an old one opened from the transcripts. */
const frontChat = (s: AppState): Chat | null => (s.openChatId ? (s.desk.chats[s.openChatId] ?? s.viewed[s.openChatId] ?? null) : null);

/** Where the keyboard lands in a panel: what it marks `data-panel-focus`, else its first field, else the panel itself. */
const FIRST_FIELD = 'input:not([type=checkbox]):not([type=radio]):not([disabled]), textarea:not([disabled]), select:not([disabled])';

/**
 * A wide panel covers the conversation: when a chat comes to the front (a claim, an opened card,
 * the chat already in front opened again), it closes.
 */
function useWideStepsAside(panels: readonly PanelSpec[]) {
  const opened = useAppStore((s) => s.chatsOpened);
  const seen = useRef(opened);
  useEffect(() => {
    if (seen.current === opened) return;
    seen.current = opened;
    const { dock, closePanel } = useAppStore.getState();
    if (dock && panelById(panels, dock.panel)?.wide) closePanel(dock.panel);
  }, [opened, panels]);
}

/**
 * The tool area: one panel at a time, the whole height of its column. Which panels exist is the
 * registry's; the strip offers the chat's panels (for the chat in front) and the desk's. With
 * nothing opened it shows the first desk panel (the FAQs), so the area is never empty. A panel
 * marked `whole` (the crisis panel) takes the area alone: the strip steps aside for it.
 */
export function Dock() {
  const panels = usePanels();
  const dock = useAppStore((s) => s.dock);
  const chat = useAppStore(frontChat);
  const me = useAppStore((s) => s.session?.operator ?? null);
  const campusName = useAppStore((s) => (chat ? (s.desk.campuses.find((c) => c.id === chat.campus)?.name ?? chat.campus) : ''));
  const state = useAppStore.getState();
  // Only these feed the strip's filters; reading the rest from getState keeps the dock still on chat traffic.
  useAppStore((s) => s.session?.operator?.role);
  const chatPanels = chat ? panelsIn(panels, state, 'chat') : [];
  const deskPanels = panelsIn(panels, state, 'desk');
  const opened = dock ? panelById(panels, dock.panel) : undefined;
  const fits = opened && (opened.available?.(state) ?? true) && (opened.scope === 'desk' || (chat !== null && dock?.chatId === chat.id));
  const active: PanelSpec | undefined = fits ? opened : deskPanels[0];
  const { closePanel } = useAppStore.getState();
  useEscapeToClose(dock !== null, () => closePanel());
  useWideStepsAside(panels);

  const body = useRef<HTMLDivElement>(null);
  const focusRequest = useAppStore((s) => s.focusRequest);
  const focusMet = useRef(0);
  useEffect(() => {
    // After an opener or a shortcut: the first field of the panel, else the panel, takes the focus.
    if (!focusRequest || focusRequest.target !== 'panel' || focusRequest.n <= focusMet.current) return;
    focusMet.current = focusRequest.n;
    const panel = body.current;
    (panel?.querySelector<HTMLElement>('[data-panel-focus]') ?? panel?.querySelector<HTMLElement>(FIRST_FIELD) ?? panel)?.focus();
  });

  if (!active) return null;
  const whole = fits && active.whole === true;
  const wide = fits && active.wide === true;
  const chatProps: ChatPanelProps | null = chat ? { chat, mine: chat.state === 'claimed' && chat.claimedBy?.id === me?.id, campusName } : null;
  const isOpen = (spec: PanelSpec) => spec.id === active.id;

  return (
    <aside className={`dock ${whole ? 'whole' : ''} ${wide ? 'wide' : ''}`} data-testid="dock" data-panel={active.id} aria-label="Tools">
      {!whole && (
        <nav className="dock-strip" aria-label="Tools">
          {chatPanels.length > 0 && chat && (
            <div className="dock-group" role="group" aria-label={`Tools for the chat with ${patronLabel(chat)}`} data-testid="dock-chat-tools">
              {chatPanels.map((spec) => (
                <PanelOpener key={spec.id} spec={spec} open={isOpen(spec)} />
              ))}
            </div>
          )}
          <div className="dock-group" role="group" aria-label="Desk tools" data-testid="dock-desk-tools">
            {deskPanels.map((spec) => (
              <PanelOpener key={spec.id} spec={spec} open={isOpen(spec)} />
            ))}
          </div>
        </nav>
      )}
      {active.scope === 'chat' && chat && (
        <header className={`dock-caption ${active.tone ? `tone-${active.tone}` : ''}`} data-testid="dock-caption">
          <h2 id="dock-title">
            {active.title} <span className="for">· {patronLabel(chat)}, {campusName}</span>
          </h2>
          <button type="button" className="small" onClick={() => closePanel()} aria-label={`Close ${active.title} (Escape)`} data-testid="dock-close">
            Close
          </button>
        </header>
      )}
      {/* Focusable, so a keyboard can scroll a long panel; a group, not a landmark (the panel inside may be one). */}
      <div className="dock-body" ref={body} tabIndex={0} data-testid={`dock-panel-${active.id}`} role="group" aria-label={`${active.title} panel`}>
        {active.scope === 'chat' ? chatProps && <active.Panel {...chatProps} /> : <active.Panel />}
      </div>
    </aside>
  );
}
