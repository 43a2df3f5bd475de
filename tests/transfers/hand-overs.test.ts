import { describe, expect, it } from 'vitest';
import { handOvers, handOverText } from '../../src/shared/chats/selectors';
import { type DeskState, emptyDesk, reduceDesk } from '../../src/shared/desk';
import { campus, chat, directoryParts, operator, transferOffer } from '../support/fixtures';

const T0 = Date.UTC(2026, 10, 28, 15, 0, 0);
const ada = operator('ada', 'capital', 'Ada Lovelace');
const sam = operator('sam', 'tunxis', 'Sam Lee');
const names: Record<string, string> = { capital: 'Capital', tunxis: 'Tunxis' };

function deskWithHeld(): DeskState {
  return reduceDesk(emptyDesk, {
    type: 'snapshot',
    snapshot: {
      campuses: [campus('capital'), campus('tunxis')],
      chats: [
        chat('a', 'capital', T0, { state: 'claimed', claimedBy: ada, claimedAt: T0 + 5_000 }),
        chat('b', 'capital', T0, { state: 'claimed', claimedBy: ada, claimedAt: T0 + 6_000 }),
        chat('c', 'capital', T0, { state: 'claimed', claimedBy: ada, claimedAt: T0 + 7_000 }),
      ],
      operators: [],
      serverTime: T0,
      ...directoryParts,
    },
  });
}

describe('what the sender’s tab says after a hand-over', () => {
  it('a chat accepted by a colleague, a chat sent to a queue; an ended chat and a chat still held are not hand-overs', () => {
    const before = deskWithHeld();
    let after = reduceDesk(before, { type: 'transfer.offered', offer: transferOffer('t1', 'a', ada, sam, T0 + 60_000) });
    after = reduceDesk(after, { type: 'chat.transferred', chatId: 'a', offerId: 't1', from: ada, to: sam, at: T0 + 70_000 });
    after = reduceDesk(after, { type: 'chat.requeued', chat: chat('b', 'tunxis', T0, { queuedAt: T0 + 80_000 }), by: ada });
    after = reduceDesk(after, { type: 'chat.ended', chatId: 'c', at: T0 + 90_000, reason: 'operator' });
    const found = handOvers(before, after, 'ada');
    expect(found).toEqual({ a: { kind: 'librarian', to: sam, at: T0 + 70_000 }, b: { kind: 'queue', campus: 'tunxis', at: T0 + 80_000 } });
    const name = (id: string) => names[id] ?? id;
    expect(handOverText(found.a!, name)).toBe('Handed to Sam Lee at Tunxis');
    expect(handOverText(found.b!, name)).toBe('Sent to the Tunxis queue');
    // Another librarian's desk sees no hand-over of its own.
    expect(handOvers(before, after, 'sam')).toEqual({});
    expect(handOvers(before, before, 'ada')).toEqual({});
  });
});
