import { useAppStore } from '../store';

/**
 * Send lines to a patron, in order (the core's outbox sends one command at a time). Used by the
 * reply box, the nudges and the one-click panels. A refused line is said in a notice; the lines
 * after it are not sent. True when every line was accepted.
 */
export async function sendLines(chatId: string, lines: readonly string[]): Promise<boolean> {
  for (const text of lines) {
    const outcome = await useAppStore.getState().callOutcome('chat.send', { chatId, text });
    if (!outcome.ok) return false;
  }
  return true;
}

export const sendText = (chatId: string, text: string): Promise<boolean> => sendLines(chatId, [text]);
