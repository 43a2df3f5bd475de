import { create } from 'zustand';
import type { AlertSettings } from '../shared/alerts';
import type { CallArgs, CallName, CallOutcome, CallResult, DeskbellHost, Push, SessionView } from '../shared/api';
import { type DeskState, emptyDesk, reduceDesk } from '../shared/desk';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

interface DeskStore {
  host: DeskbellHost | null;
  desk: DeskState;
  session: SessionView | null;
  alerts: AlertSettings | null;
  /** The chat open in the chat pane. */
  openChatId: string | null;
  /** The campus whose details are shown (one click on a patron's name). */
  campusInfoId: string | null;
  notices: Notice[];
  /** Unsent replies, per chat: switching chats never carries text into another patron's chat. */
  drafts: Readonly<Record<string, string>>;
  setDraft(chatId: string, text: string): void;
  setHost(host: DeskbellHost): void;
  receive(push: Push): void;
  openChat(chatId: string | null): void;
  showCampus(campusId: string | null): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
  /** Call the host; a failure becomes a visible notice and resolves to null. */
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K> | null>;
  /** The same, keeping the outcome for callers that act on the error code. */
  callOutcome<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
}

let noticeId = 0;

/** The renderer's copy of the desk, kept by the same shared reducer the main core uses. */
export const useDesk = create<DeskStore>()((set, get) => ({
  host: null,
  desk: emptyDesk,
  session: null,
  alerts: null,
  openChatId: null,
  campusInfoId: null,
  notices: [],
  drafts: {},
  setDraft: (chatId, text) =>
    set((s) => {
      const drafts = { ...s.drafts };
      if (text) drafts[chatId] = text;
      else delete drafts[chatId];
      return { drafts };
    }),
  setHost: (host) => set({ host }),
  receive: (push) => {
    switch (push.type) {
      case 'desk':
        set((s) => ({ desk: reduceDesk(s.desk, push.action) }));
        return;
      case 'session':
        set({ session: push.session });
        return;
      case 'alerts':
        set({ alerts: push.settings });
        return;
      case 'focusChat':
        set({ openChatId: push.chatId });
        return;
      case 'sound':
        return; // played by the sound player, not stored
    }
  },
  openChat: (chatId) => set({ openChatId: chatId }),
  showCampus: (campusId) => set({ campusInfoId: campusId }),
  notify: (kind, text) => set((s) => ({ notices: [...s.notices.slice(-4), { id: ++noticeId, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  call: async (name, args) => {
    const outcome = await get().callOutcome(name, args);
    return outcome.ok ? (outcome.value as CallResult<typeof name>) : null;
  },
  callOutcome: async (name, args) => {
    const host = get().host;
    if (!host) return { ok: false, error: { code: 'offline', message: 'Deskbell is still starting' } };
    const outcome = await host.call(name, args);
    if (!outcome.ok) get().notify('error', outcome.error.message);
    return outcome;
  },
}));
