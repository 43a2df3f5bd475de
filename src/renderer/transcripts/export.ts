import type { Chat } from '../../shared/chats/schemas';
import { transcriptFileName, transcriptJson, transcriptText } from '../../shared/transcripts/format';
import { saveTextFile } from '../platform/save-file';
import { useAppStore } from '../store';

/** The whole transcript (the pane may hold only the latest lines): from this computer's index, else the backend. */
export async function wholeTranscript(chatId: string): Promise<Chat | null> {
  const result = await useAppStore.getState().call('transcripts.get', { chatId });
  return result?.chat ?? null;
}

function context(chat: Chat) {
  const campus = useAppStore.getState().desk.campuses.find((c) => c.id === chat.campus);
  return { campusName: campus?.name ?? chat.campus, timeZone: campus?.timeZone ?? 'America/New_York' };
}

export const asText = (chat: Chat): string => transcriptText(chat, context(chat));
export const asJson = (chat: Chat): string => transcriptJson(chat, context(chat), Date.now());

/** Save a file the browser way (the desktop app saves it to Downloads). */
export function download(chat: Chat, format: 'txt' | 'json'): void {
  saveTextFile(transcriptFileName(chat, format), format === 'txt' ? asText(chat) : asJson(chat), format === 'txt' ? 'text/plain;charset=utf-8' : 'application/json');
}

/** Copy as text; false when the clipboard refused (then the text is shown to select by hand). */
export async function copy(chat: Chat): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(asText(chat));
    return true;
  } catch {
    return false;
  }
}
