import { useEffect, useRef } from 'react';
import type { TransferOffer } from '../../shared/transfers/schemas';
import { useAppStore } from '../store';

/**
 * Follows this librarian's transfers on the desk: when a chat they had open is handed to a
 * colleague, its pane closes; when an offer they made is declined or runs out, a notice says the
 * chat is still theirs. Renders nothing.
 */
export function TransferFollower() {
  const me = useAppStore((s) => s.session?.operator?.id ?? null);
  const transfers = useAppStore((s) => s.desk.transfers);
  const openChat = useAppStore((s) => (s.openChatId ? s.desk.chats[s.openChatId] : undefined));
  const seen = useRef<Record<string, TransferOffer['state']>>({});

  useEffect(() => {
    const { notify } = useAppStore.getState();
    // Only the offers the desk still holds are remembered, so a week of transfers is not.
    const previous = seen.current;
    seen.current = {};
    for (const offer of Object.values(transfers)) {
      const before = previous[offer.id];
      seen.current[offer.id] = offer.state;
      if (before !== 'pending' || offer.from.id !== me) continue;
      if (offer.state === 'declined') notify('info', `${offer.to.name} declined the transfer${offer.reason ? `: “${offer.reason}”` : ''}. The chat is still yours.`);
      if (offer.state === 'expired') notify('info', `${offer.to.name} did not accept the transfer in time. The chat is still yours.`);
      if (offer.state === 'accepted') notify('info', `${offer.to.name} took over the chat.`);
    }
  }, [transfers, me]);

  // The open chat was mine and is now a colleague's (or back in a queue): its pane closes.
  const wasMine = useRef<string | null>(null);
  useEffect(() => {
    if (!openChat) {
      wasMine.current = null;
      return;
    }
    const mineNow = openChat.state === 'claimed' && openChat.claimedBy?.id === me;
    if (wasMine.current === openChat.id && !mineNow && openChat.state !== 'ended') useAppStore.getState().openChat(null);
    else wasMine.current = mineNow ? openChat.id : null;
  }, [openChat, me]);
  return null;
}
