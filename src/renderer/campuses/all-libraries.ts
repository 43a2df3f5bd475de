import { labelledLink } from '../../shared/chats/labelled-links';
import { useAppStore } from '../store';

/**
 * The "all campus libraries" page: the one the directory names, else the page the backend
 * itself serves from the live directory (/libraries).
 */
export function useAllLibrariesUrl(): string | null {
  return useAppStore((s) => s.desk.chatService.allLibrariesUrl || (s.session?.backendUrl ? `${s.session.backendUrl}/libraries` : null));
}

export const allLibrariesLink = (url: string): string => labelledLink('All campus libraries', url);
