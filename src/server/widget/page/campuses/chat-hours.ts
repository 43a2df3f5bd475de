/**
 * The library the page is for, and whether its chat is open now (GET /api/campuses and
 * /api/chat-status, both checked against a schema): outside the chat hours nobody would come,
 * so the page says so and offers a ticket at once.
 */
import { z } from 'zod';
import { CampusId } from '../../../../shared/protocol/common';
import { element, showNotice } from '../dom';

const Campuses = z.object({ campuses: z.array(z.object({ id: z.string(), name: z.string() })) });
const ChatStatus = z.object({ open: z.boolean(), message: z.string().max(2000) });
export type ChatStatus = z.infer<typeof ChatStatus>;

/** The campus's name on the page; false (with the reason shown) when the link names no library this backend has, or it cannot be reached. */
export async function showCampus(campus: string): Promise<boolean> {
  if (!CampusId.safeParse(campus).success) {
    showNotice('This chat link does not name a library. Please use the chat link on your library’s website.');
    return false;
  }
  try {
    const response = await fetch('api/campuses', { headers: { Accept: 'application/json' } });
    const found = Campuses.parse(await response.json()).campuses.find((c) => c.id === campus);
    if (!found) {
      showNotice(`There is no library chat for “${campus}”. Please use the chat link on your library’s website.`);
      return false;
    }
    element('campus-name').textContent = found.name;
    return true;
  } catch {
    showNotice('The chat service cannot be reached right now. Please try again in a moment.');
    return false;
  }
}

/** Whether the campus's chat is open now; null when not known (the chat stays on offer). */
export async function chatHours(campus: string): Promise<ChatStatus | null> {
  try {
    const response = await fetch(`api/chat-status?campus=${encodeURIComponent(campus)}`, { headers: { Accept: 'application/json' } });
    const parsed = ChatStatus.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
