import { useState } from 'react';
import { chatsClaimedBy } from '../../shared/chats/selectors';
import { useAppStore } from '../store';

/**
 * Claim a waiting chat. Handling two chats at once is allowed but not preferred, so a second
 * claim asks first. Used on the board's cards and in the chat pane.
 */
export function ClaimButton({ chatId }: { chatId: string }) {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const mineCount = useAppStore((s) => (me ? chatsClaimedBy(s.desk, me.id).length : 0));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const claim = async () => {
    if (mineCount > 0 && !confirming) return setConfirming(true);
    setConfirming(false);
    setBusy(true);
    const { call, openChat } = useAppStore.getState();
    const done = await call('chat.claim', { chatId });
    setBusy(false);
    if (done) openChat(chatId);
  };

  if (confirming) {
    return (
      <span className="confirm">
        You already have a chat.{' '}
        <button type="button" data-testid="claim-anyway" onClick={claim} disabled={busy}>
          Claim anyway
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button type="button" className="claim" data-testid="claim" onClick={claim} disabled={busy || !me}>
      Claim
    </button>
  );
}
