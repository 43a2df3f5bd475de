import { useEffect } from 'react';
import { useAppStore } from '../store';

/**
 * Tells main which chat is in front of the librarian and whether the window can be seen, so
 * main decides the message chime and the unread counts (a line in the chat in front, in a
 * visible window, is read as it arrives).
 */
export function useReportFront(): void {
  const chatId = useAppStore((s) => s.openChatId);
  useEffect(() => {
    const report = () => void useAppStore.getState().callQuietly('workspace.front', { chatId, visible: document.visibilityState === 'visible' });
    report();
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [chatId]);
}
