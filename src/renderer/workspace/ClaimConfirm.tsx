import { patronLabel } from '../../shared/chats/labels';
import { chatsClaimedBy } from '../../shared/chats/selectors';
import { useAppStore } from '../store';
import { claimAndOpen } from './actions';
import { useEscapeToClose } from './escape';

/** Alt+C while holding a chat: two at once is allowed, not preferred, so the librarian confirms first. */
export function ClaimConfirm() {
  const chatId = useAppStore((s) => s.claimConfirm);
  const chat = useAppStore((s) => (s.claimConfirm ? (s.desk.chats[s.claimConfirm] ?? null) : null));
  const held = useAppStore((s) => (s.session?.operator ? chatsClaimedBy(s.desk, s.session.operator.id).length : 0));
  const cancel = () => useAppStore.getState().setClaimConfirm(null);
  useEscapeToClose(chatId !== null, cancel);
  if (!chatId || !chat || chat.state !== 'waiting') return null;
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="claim-confirm-title" aria-describedby="claim-confirm-text" data-testid="claim-confirm">
        <h2 id="claim-confirm-title">Claim a second chat?</h2>
        <p id="claim-confirm-text">
          You already hold {held === 1 ? 'a chat' : `${held} chats`}. Two at once is possible but not preferred. Claim {patronLabel(chat)}’s chat anyway?
        </p>
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-testid="claim-confirm-yes"
            autoFocus
            onClick={() => {
              cancel();
              void claimAndOpen(chat.id);
            }}
          >
            Claim anyway
          </button>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
