import { useState } from 'react';
import { chatsClaimedBy } from '../../shared/chats/selectors';
import { useAppStore } from '../store';
import { claimAndOpen } from '../workspace/actions';

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
    // The reply box gets the focus: greeting the patron is the next thing to do.
    await claimAndOpen(chatId);
    setBusy(false);
  };

  if (confirming) {
    return (
      <span className="confirm" role="alert">
        You already have {mineCount === 1 ? 'a chat' : `${mineCount} chats`}.{' '}
        <button type="button" data-testid="claim-anyway" autoFocus onClick={claim} disabled={busy}>
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
