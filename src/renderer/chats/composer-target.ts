import { useAppStore } from '../store';
import type { AppState } from '../store';

/** The chat a prepared answer goes into: the open chat when it is the librarian's own, else null. */
export function composerTarget(s: AppState): string | null {
  const chat = s.openChatId ? s.desk.chats[s.openChatId] : undefined;
  const me = s.session?.operator?.id;
  if (!chat || chat.state !== 'claimed' || !me || chat.claimedBy?.id !== me) return null;
  return chat.id;
}

/** Nothing is ever put into another librarian's chat or an ended one. */
export const useComposerTarget = (): string | null => useAppStore(composerTarget);

/** The campus a librarian is answering for: the open chat's patron's campus, else their own. */
export const useAnsweringCampus = (): string | null =>
  useAppStore((s) => (s.openChatId ? s.desk.chats[s.openChatId]?.campus : undefined) ?? s.session?.operator?.campus ?? null);
