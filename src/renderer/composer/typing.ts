import { useEffect, useRef } from 'react';
import { useAppStore } from '../store';

const RESEND_MS = 3_000;
const IDLE_MS = 4_000;

/**
 * Tells the patron the librarian is typing: at most every few seconds while the draft changes,
 * and "stopped" after a pause, on send, or when the chat leaves the pane. Never stored.
 */
export function useTypingSignal(chatId: string, active: boolean): { typed(text: string): void; stopped(): void } {
  const sentAt = useRef(0);
  const idle = useRef<number | null>(null);
  const say = (typing: boolean) => void useAppStore.getState().callQuietly('chat.typing', { chatId, typing });
  const stopped = () => {
    if (idle.current !== null) window.clearTimeout(idle.current);
    idle.current = null;
    if (sentAt.current === 0) return;
    sentAt.current = 0;
    say(false);
  };
  useEffect(() => () => stopped(), [chatId]);
  return {
    typed(text) {
      if (!active) return;
      if (text.trim() === '') return stopped();
      const now = Date.now();
      if (now - sentAt.current >= RESEND_MS) {
        sentAt.current = now;
        say(true);
      }
      if (idle.current !== null) window.clearTimeout(idle.current);
      idle.current = window.setTimeout(stopped, IDLE_MS);
    },
    stopped,
  };
}
