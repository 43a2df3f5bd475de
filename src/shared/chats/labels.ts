import type { Chat } from './schemas';

/**
 * What to call the patron wherever a chat is shown: the name they gave in the chat once the
 * librarian recorded it, else the name box, unless the name box held their question.
 */
export function patronLabel(chat: Pick<Chat, 'patronName' | 'nameIsQuestion'> & Partial<Pick<Chat, 'givenName'>>): string {
  if (chat.givenName) return chat.givenName;
  return chat.nameIsQuestion || chat.patronName.trim() === '' ? 'Name not given' : chat.patronName;
}

/** The patron's name if it is known (given, or a real name in the name box), else null. */
export function knownPatronName(chat: Pick<Chat, 'patronName' | 'nameIsQuestion' | 'givenName'>): string | null {
  if (chat.givenName) return chat.givenName;
  return chat.nameIsQuestion || chat.patronName.trim() === '' ? null : chat.patronName.trim();
}

/**
 * The patron's question as the card shows it: when the name box held the question, that text
 * is the question (and the question box, if it says more, follows it).
 */
export function patronQuestion(chat: Pick<Chat, 'patronName' | 'nameIsQuestion' | 'question'>): string {
  if (!chat.nameIsQuestion) return chat.question;
  const asked = chat.patronName.trim();
  const more = chat.question.trim();
  return more === '' || more === asked ? asked : `${asked}\n${more}`;
}
