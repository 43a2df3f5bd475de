import { useEffect, useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { openOfferOf } from '../../shared/transfers/selectors';
import { useNow } from '../clock';
import { ChatNoteForm } from '../notes/ChatNoteForm';
import { useAppStore } from '../store';
import { TicketDialog } from '../tickets/TicketDialog';
import { HANDOFF_SHORTCUT_EVENT, type HandoffShortcutDetail } from '../workspace/actions';
import { TransferDialog } from './TransferDialog';

type Open = 'transfer' | 'ticket' | 'note' | null;

/**
 * The hand-offs of a chat the librarian holds, in the chat pane's toolbar: transfer it, make a
 * ticket (the last resort), or add an internal note. An open offer shows here with its countdown.
 * The buttons join the toolbar's row; the note form takes a line of its own below them.
 */
export function ChatHandoffs({ chat }: { chat: Chat }) {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const offer = useAppStore((s) => openOfferOf(s.desk, chat.id));
  const [open, setOpen] = useState<Open>(null);
  const now = useNow();
  const holds = me !== null && chat.state === 'claimed' && chat.claimedBy?.id === me.id;
  // Alt+T and Alt+K (the workspace's shortcuts) open the transfer and ticket dialogs of the chat in front.
  useEffect(() => {
    if (!holds) return;
    const onShortcut = (event: CustomEvent<HandoffShortcutDetail>) => {
      const { action, chatId } = event.detail;
      if (chatId !== chat.id) return;
      event.preventDefault();
      setOpen(action);
    };
    window.addEventListener(HANDOFF_SHORTCUT_EVENT, onShortcut);
    return () => window.removeEventListener(HANDOFF_SHORTCUT_EVENT, onShortcut);
  }, [holds, chat.id]);
  if (!me || !holds) return null;
  return (
    <div className="chat-handoffs" data-testid="chat-handoffs">
      <div className="buttons">
        <button type="button" data-testid="open-transfer" onClick={() => setOpen('transfer')}>
          Transfer…
        </button>
        <button type="button" data-testid="open-ticket" onClick={() => setOpen('ticket')}>
          Ticket…
        </button>
        <button type="button" data-testid="open-chat-note" onClick={() => setOpen(open === 'note' ? null : 'note')} aria-expanded={open === 'note'}>
          Internal note
        </button>
        {offer && (
          <button type="button" className="offer-chip" data-testid="offer-chip" onClick={() => setOpen('transfer')}>
            Offered to {offer.to.name}: {Math.max(0, Math.ceil((offer.expiresAt - now) / 1000))} s
          </button>
        )}
      </div>
      {open === 'note' && <ChatNoteForm chatId={chat.id} onDone={() => setOpen(null)} />}
      {open === 'transfer' && <TransferDialog chat={chat} me={me} onClose={() => setOpen(null)} />}
      {open === 'ticket' && <TicketDialog chat={chat} me={me} onClose={() => setOpen(null)} onTransfer={() => setOpen('transfer')} />}
    </div>
  );
}
