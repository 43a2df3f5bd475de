import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING, decideAlert } from '../../shared/alerts/policy';
import { patronLabel, patronQuestion } from '../../shared/chats/labels';
import { waitingSince } from '../../shared/chats/selectors';
import type { Chat } from '../../shared/chats/schemas';
import { useAppStore } from '../store';
import { formatWait } from '../clock';
import { ClaimButton } from './ClaimButton';

const LEVEL_TEXT = { yours: 'Your campus', other: 'Waiting for', urgent: 'Anyone on shift: claim now', none: '' } as const;

/** A chat on the board: who, where from, what they asked, how long they have waited. */
export function ChatCard({ chat, now, campusName }: { chat: Chat; now: number; campusName: string }) {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const presence = useAppStore((s) => s.session?.presence ?? 'online');
  const holderAway = useAppStore((s) => (chat.claimedBy ? s.desk.operators[chat.claimedBy.id]?.presence === 'away' : false));
  const alerts = useAppStore((s) => s.alerts ?? DEFAULT_ALERT_SETTINGS);
  const timing = useAppStore((s) => s.session?.timing ?? DEFAULT_TIMING);
  const { openChat, showCampus } = useAppStore.getState();

  // The librarian's own presence: away, a waiting chat rings this desk only once it is urgent.
  const decision = decideAlert(chat, now, me ? { ...me, presence } : null, alerts, timing);
  const claimedByMe = chat.claimedBy !== null && chat.claimedBy.id === me?.id;

  return (
    <article
      className={`chat-card state-${chat.state} level-${decision.level}`}
      data-testid={`chat-${chat.id}`}
      data-state={chat.state}
      data-level={decision.level}
    >
      <header>
        <button type="button" className="patron-name" title={`${patronLabel(chat)}: show this patron's campus`} onClick={() => showCampus(chat.campus)}>
          {patronLabel(chat)}
        </button>
        {chat.state === 'waiting' && (
          <span className="wait" data-testid="wait" title="Waiting time">
            {formatWait(now - waitingSince(chat))}
          </span>
        )}
      </header>
      {chat.nameIsQuestion && chat.givenName === null && <p className="hint">The name box held their question: ask for their name.</p>}
      <p className="question">{patronQuestion(chat)}</p>
      <p className="card-encounter" title="Encounter ID">
        {chat.encounterId}
      </p>
      {chat.state === 'waiting' && (
        <footer>
          <span className={`level level-${decision.level}`} data-testid="level">
            {decision.level === 'other' ? `${LEVEL_TEXT.other} ${campusName}` : LEVEL_TEXT[decision.level]}
          </span>
          <span className="beeps" data-testid="beeps" title="Alert beeps so far">
            {Math.min(decision.beeps, 3)}/3 beeps{decision.beeps > 3 ? ` +${decision.beeps - 3}` : ''}
          </span>
          {decision.held && (
            <span className="held-away" data-testid="held-away" title="You are set to Away: this desk rings for this chat once it turns urgent">
              You are away: rings when urgent
            </span>
          )}
          {chat.ticketOfferedAt !== null && (
            <span className="ticket-offered" data-testid="ticket-offered">
              Ticket offered
            </span>
          )}
          <ClaimButton chatId={chat.id} />
        </footer>
      )}
      {chat.state === 'claimed' && chat.claimedBy && (
        <footer>
          <span className="claimed-by" data-testid="claimed-by">
            {claimedByMe ? 'Claimed by you' : `Claimed by ${chat.claimedBy.name}`}
            {holderAway && (
              <span className="who-away" data-testid="holder-away">
                {' '}
                (away)
              </span>
            )}
          </span>
          {claimedByMe ? (
            <button type="button" data-testid="open-chat" onClick={() => openChat(chat.id)}>
              Open
            </button>
          ) : (
            <button type="button" data-testid="view-chat" onClick={() => openChat(chat.id)} aria-label={`View the chat with ${patronLabel(chat)}`}>
              View
            </button>
          )}
        </footer>
      )}
      {chat.state === 'ended' && (
        <footer>
          <span className="ended">Ended{chat.endReason === 'patron_left' ? ': patron left' : chat.endReason === 'policy' ? ' under the policy' : ''}</span>
          <button type="button" data-testid="reopen-chat" onClick={() => openChat(chat.id)} aria-label={`Reopen the transcript of the chat with ${patronLabel(chat)}`}>
            Transcript
          </button>
        </footer>
      )}
    </article>
  );
}
