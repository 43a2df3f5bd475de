import { useEffect, useState } from 'react';
import type { ChatFeedback } from '../../shared/feedback/schemas';
import type { ChatPanelProps } from '../dock/panel';
import { useAppStore } from '../store';
import './feedback.css';

/** Patrons rate at the end of a chat: look again this often, for this long after it ended. */
const RECHECK_MS = 15_000;
const RECHECK_FOR_MS = 10 * 60_000;

export const stars = (rating: number): string => '★'.repeat(rating) + '☆'.repeat(5 - rating);

/**
 * The patron's rating of an ended chat, on its patron card, for the librarian who held it (and
 * an administrator of its campus; the backend refuses anyone else). The comment is text only.
 */
export function ChatRating({ chat }: ChatPanelProps) {
  const me = useAppStore((s) => s.session?.operator ?? null);
  const mayRead = chat.state === 'ended' && me !== null && (chat.claimedBy?.id === me.id || (me.role === 'admin' && me.campus === chat.campus));
  const [feedback, setFeedback] = useState<ChatFeedback | null>(null);
  useEffect(() => {
    if (!mayRead) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const outcome = await useAppStore.getState().callQuietly('feedback.ofChat', { chatId: chat.id });
      if (!live) return;
      if (outcome.ok && outcome.value.feedback) return setFeedback(outcome.value.feedback);
      // Not rated yet: the patron may still be on the end-of-chat page.
      if (Date.now() - (chat.endedAt ?? 0) < RECHECK_FOR_MS) timer = setTimeout(() => void read(), RECHECK_MS);
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [mayRead, chat.id, chat.endedAt]);
  if (!mayRead || !feedback) return null;
  return (
    <p className="chat-rating" data-testid="chat-rating" data-rating={feedback.rating}>
      <span className="label">Patron’s rating:</span> <span aria-label={`${feedback.rating} of 5`}>{stars(feedback.rating)}</span>
      {feedback.comment && (
        <>
          {' '}
          <span className="comment" data-testid="chat-rating-comment">
            “{feedback.comment}”
          </span>
        </>
      )}
    </p>
  );
}
