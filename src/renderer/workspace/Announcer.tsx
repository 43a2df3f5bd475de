import { useEffect, useState } from 'react';
import { DEFAULT_TIMING } from '../../shared/alerts/policy';
import { patronLabel } from '../../shared/chats/labels';
import type { DeskState } from '../../shared/desk/state';
import { useAppStore } from '../store';

/** Many chats at once (a fresh board after a reconnect) are said as a count, not one by one. */
const MAX_SAID_ONE_BY_ONE = 3;

/**
 * What a screen reader user must hear without looking: new chats, chats turning urgent, and new
 * messages from the patrons the librarian holds. Two live regions: urgency interrupts, the rest waits its turn.
 */
export function Announcer() {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  useEffect(() => {
    let previous: DeskState = useAppStore.getState().desk;
    const urgentSaid = new Set<string>();
    const campusName = (desk: DeskState, id: string) => desk.campuses.find((c) => c.id === id)?.name ?? id;
    const off = useAppStore.subscribe((state) => {
      const desk = state.desk;
      if (desk === previous) return;
      const me = state.session?.operator?.id;
      const lines: string[] = [];
      const fresh = Object.values(desk.chats).filter((c) => c.state === 'waiting' && !previous.chats[c.id]);
      if (fresh.length > MAX_SAID_ONE_BY_ONE) lines.push(`${fresh.length} chats waiting.`);
      else for (const chat of fresh) lines.push(`New chat at ${campusName(desk, chat.campus)}: ${patronLabel(chat)}.`);
      for (const chat of Object.values(desk.chats)) {
        const before = previous.chats[chat.id];
        if (!before || chat.claimedBy?.id !== me || chat.state !== 'claimed') continue;
        const lastBefore = before.messages[before.messages.length - 1]?.seq ?? 0;
        for (const message of chat.messages) {
          if (message.seq > lastBefore && message.from === 'patron' && message.visibility === 'patron') lines.push(`${patronLabel(chat)} wrote: ${message.text.slice(0, 200)}`);
        }
      }
      previous = desk;
      if (lines.length > 0) setPolite(lines.join(' '));
    });
    const timer = setInterval(() => {
      const state = useAppStore.getState();
      const urgentAfter = (state.session?.timing ?? DEFAULT_TIMING).urgentAfterMs;
      const now = Date.now() + (state.session?.clockOffsetMs ?? 0);
      const lines: string[] = [];
      for (const chat of Object.values(state.desk.chats)) {
        if (chat.state !== 'waiting') {
          urgentSaid.delete(chat.id);
          continue;
        }
        if (now - chat.createdAt < urgentAfter || urgentSaid.has(chat.id)) continue;
        urgentSaid.add(chat.id);
        lines.push(`Urgent: ${patronLabel(chat)} at ${campusName(state.desk, chat.campus)} is still waiting. Alt+C claims.`);
      }
      for (const id of [...urgentSaid]) if (!state.desk.chats[id]) urgentSaid.delete(id);
      if (lines.length > 0) setAssertive(lines.join(' '));
    }, 1_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, []);
  return (
    <div className="visually-hidden">
      <div role="status" aria-live="polite" data-testid="live-polite">
        {polite}
      </div>
      <div aria-live="assertive" aria-atomic="true" data-testid="live-assertive">
        {assertive}
      </div>
    </div>
  );
}
