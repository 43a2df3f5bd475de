import type { Chat } from './schemas';

/** What to call the patron wherever a chat is shown: their name, unless the name box held their question. */
export function patronLabel(chat: Pick<Chat, 'patronName' | 'nameIsQuestion'>): string {
  return chat.nameIsQuestion || chat.patronName.trim() === '' ? 'Name not given' : chat.patronName;
}
