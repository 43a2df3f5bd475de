import { create } from 'zustand';
import { type HandOver, handOvers } from '../../shared/chats/selectors';
import { useAppStore } from '../store';

/** Hand-overs remembered at most; the oldest go first. */
const MAX_KEPT = 50;

/**
 * The chats this librarian handed on (accepted by a colleague, or sent to a queue), noticed as
 * the desk changes: the sender's tab stays and says where the chat went until they dismiss it.
 * Kept apart from the app store so the capability stays in its folder; forgotten when another
 * librarian signs in.
 */
interface HandedOver {
  chats: Readonly<Record<string, HandOver>>;
  /** The sender has read it: the note goes, and the tab closes. */
  dismiss(chatId: string): void;
}

export const useHandedOver = create<HandedOver>()((set) => ({
  chats: {},
  dismiss: (chatId) => {
    set((s) => {
      const { [chatId]: _gone, ...rest } = s.chats;
      return { chats: rest };
    });
    useAppStore.getState().closeTab(chatId);
  },
}));

useAppStore.subscribe((state, previous) => {
  const me = state.session?.operator?.id ?? null;
  if (me !== (previous.session?.operator?.id ?? null)) {
    useHandedOver.setState({ chats: {} });
    return;
  }
  if (me === null || state.desk === previous.desk) return;
  const found = handOvers(previous.desk, state.desk, me);
  const kept = useHandedOver.getState().chats;
  // A chat that came back to this librarian is theirs again: its note goes.
  const back = Object.keys(kept).filter((id) => state.desk.chats[id]?.state === 'claimed' && state.desk.chats[id]?.claimedBy?.id === me);
  if (Object.keys(found).length === 0 && back.length === 0) return;
  const next = Object.entries({ ...kept, ...found }).filter(([id]) => !back.includes(id));
  useHandedOver.setState({ chats: Object.fromEntries(next.slice(-MAX_KEPT)) });
});

/** The hand-over of one chat, if this librarian handed it on. */
export const useHandOverOf = (chatId: string): HandOver | null => useHandedOver((s) => s.chats[chatId] ?? null);
