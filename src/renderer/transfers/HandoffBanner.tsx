import { IncomingOffers } from './IncomingOffers';
import { TransferFollower } from './TransferFollower';

/** What the hand-offs put above the desk: chats offered to this librarian; and the follower of their own offers. */
export function HandoffBanner() {
  return (
    <>
      <TransferFollower />
      <IncomingOffers />
    </>
  );
}
