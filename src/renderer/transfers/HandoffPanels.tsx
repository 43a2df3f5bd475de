import { NotesPanel } from '../notes/NotesPanel';
import { WhoIsOn } from '../presence/WhoIsOn';
import { TicketsPanel } from '../tickets/TicketsPanel';
import { IncomingOffers } from './IncomingOffers';
import { TransferFollower } from './TransferFollower';
import { useEscapeToClose } from '../workspace/escape';
import { useHandoffUi } from './handoff-ui';

/** The hand-offs' side panel (one at a time), beside the chat pane. */
export function HandoffPanels() {
  const panel = useHandoffUi((s) => s.panel);
  useEscapeToClose(panel !== null, () => useHandoffUi.getState().close());
  switch (panel) {
    case 'who':
      return <WhoIsOn />;
    case 'notes':
      return <NotesPanel />;
    case 'tickets':
      return <TicketsPanel />;
    case null:
      return null;
  }
}

/** What the hand-offs put above the desk: chats offered to this librarian; and the follower of their own offers. */
export function HandoffBanner() {
  return (
    <>
      <TransferFollower />
      <IncomingOffers />
    </>
  );
}
