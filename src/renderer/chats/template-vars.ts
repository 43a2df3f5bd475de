import { useMemo } from 'react';
import { knownPatronName } from '../../shared/chats/labels';
import type { Chat } from '../../shared/chats/schemas';
import { fillTemplate, firstName, type TemplateVars } from '../../shared/templates/fill';
import { templatesFor } from '../../shared/templates/select';
import type { Template } from '../../shared/templates/schemas';
import type { AppState } from '../store';
import { useAppStore } from '../store';

/** Every template variable, as this desk knows it for this chat. */
export function templateVars(state: AppState, chat: Chat | null): TemplateVars {
  const me = state.session?.operator ?? null;
  const campus = chat ? state.desk.campuses.find((c) => c.id === chat.campus) : undefined;
  const mine = me ? state.desk.campuses.find((c) => c.id === me.campus) : undefined;
  return {
    patron: chat ? (knownPatronName(chat) ?? '') : '',
    me: me ? firstName(me.name) : '',
    myName: me?.name ?? '',
    campus: campus?.name ?? chat?.campus ?? '',
    myCampus: mine?.name ?? me?.campus ?? '',
    encounterId: chat?.encounterId ?? '',
    campusPhone: campus?.phone ?? '',
    campusWebsite: campus?.website ?? '',
    publicSafety: campus?.publicSafetyPhone ?? '',
    director: campus?.directorName ?? '',
    directorEmail: campus?.directorEmail ?? '',
    counselingUrl: campus?.counselingUrl ?? '',
    counselingPhone: campus?.counselingPhone ?? '',
    allLibrariesUrl: state.desk.chatService.allLibrariesUrl || (state.session?.backendUrl ? `${state.session.backendUrl}/libraries` : ''),
  };
}

/** The templates that apply to a chat's campus (the librarian's own campus when no chat is open). */
export function useTemplates(campus: string | null): Template[] {
  const entries = useAppStore((s) => s.desk.templates);
  return useMemo(() => templatesFor(Object.values(entries), campus), [entries, campus]);
}

/** A template's text filled in for a chat. */
export const filled = (state: AppState, chat: Chat | null, template: Pick<Template, 'text'>): string => fillTemplate(template.text, templateVars(state, chat));

/** The filled text of the first template in a category (or with this id) for a chat, or null. */
export function templateFor(state: AppState, chat: Chat, pick: (t: Template) => boolean): string | null {
  const template = templatesFor(Object.values(state.desk.templates), chat.campus).find(pick);
  return template ? filled(state, chat, template) : null;
}
