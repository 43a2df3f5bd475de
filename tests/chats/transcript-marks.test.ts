import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/main/core/capability';
import { Chats } from '../../src/main/core/chats/chats';
import type { Session } from '../../src/main/core/session/session';
import type { DeskAction } from '../../src/shared/desk/reduce';
import type { DeskState } from '../../src/shared/desk/state';

/** The core's chats capability over a desk we hold in hand, and a backend that answers every transcript (counted). */
function chatsOver(held: Record<string, unknown>) {
  let fetches = 0;
  const ctx = { desk: () => ({ chats: held }) as unknown as DeskState, apply: () => undefined, log: () => undefined } as unknown as CoreContext;
  const session = {
    me: () => null,
    backendGet: async (path: string) => {
      fetches += 1;
      return { chatId: new URL(path, 'http://desk').searchParams.get('chat'), messages: [] };
    },
  } as unknown as Session;
  return { chats: new Chats(ctx, session), fetches: () => fetches };
}

const ended = (chatId: string): DeskAction => ({ type: 'chat.ended', chatId, at: 1, reason: 'operator' }) as DeskAction;

describe("the core's marks of loaded transcripts", () => {
  it('go with the chats the desk drops, so a shift of chats does not pile them up, and a chat back on the desk loads again', async () => {
    const held: Record<string, unknown> = {};
    const { chats, fetches } = chatsOver(held);
    for (let i = 0; i < 50; i++) {
      held[`chat_${i}`] = {};
      await chats.calls['chat.history']({ chatId: `chat_${i}` });
      // The desk keeps the latest ended chats only: the oldest leaves as this one ends.
      if (i >= 30) delete held[`chat_${i - 30}`];
      chats.followDesk(ended(`chat_${i}`));
    }
    expect(fetches()).toBe(50);
    expect(chats.loadedCount).toBe(30);
    // Held and loaded: not fetched again.
    await chats.calls['chat.history']({ chatId: 'chat_49' });
    expect(fetches()).toBe(50);
    // Dropped, then back on the desk (a transfer, a snapshot): its transcript is fetched again.
    held.chat_0 = {};
    await chats.calls['chat.history']({ chatId: 'chat_0' });
    expect(fetches()).toBe(51);
  });

  it('are not kept for a chat that left the desk while its transcript was fetched', async () => {
    const { chats } = chatsOver({});
    await chats.calls['chat.history']({ chatId: 'chat_gone' });
    expect(chats.loadedCount).toBe(0);
  });
});
