import { describe, expect, it } from 'vitest';
import { directoryParts } from '../support/fixtures';
import { boardColumns, MAX_ENDED_CHATS_KEPT, nameLooksLikeQuestion } from '../../src/shared/chats';
import { emptyDesk, reduceDesk, type DeskAction } from '../../src/shared/desk';
import type { ChatMessage } from '../../src/shared/chats/schemas';
import { campus, chat, message, operator } from '../support/fixtures';

const T0 = 1_700_000_000_000;
const msg = (chatId: string, seq: number): ChatMessage => message(chatId, seq, T0 + seq);
const snapshot = (): DeskAction => ({
  type: 'snapshot',
  snapshot: { campuses: [campus('gateway'), campus('norwalk')], chats: [chat('c1', 'norwalk', T0)], operators: [], serverTime: T0, ...directoryParts },
});

describe('reduceDesk', () => {
  it('applies a snapshot then events, and is idempotent for replays', () => {
    let state = reduceDesk(emptyDesk, snapshot());
    const claimed: DeskAction = { type: 'chat.claimed', chatId: 'c1', by: operator('o1', 'norwalk'), at: T0 + 5 };
    state = reduceDesk(state, claimed);
    const again = reduceDesk(state, claimed);
    expect(again).toBe(state);
    expect(state.chats.c1?.claimedBy?.id).toBe('o1');
    // A second claim cannot overwrite the first.
    expect(reduceDesk(state, { ...claimed, by: operator('o2', 'gateway') }).chats.c1?.claimedBy?.id).toBe('o1');
  });

  it('keeps messages in transcript order without duplicates, whatever the arrival order', () => {
    let state = reduceDesk(emptyDesk, snapshot());
    for (const seq of [1, 2, 4, 3, 2, 4, 5]) state = reduceDesk(state, { type: 'chat.message', message: msg('c1', seq) });
    expect(state.chats.c1?.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops the oldest ended chats beyond the bound but never a waiting one', () => {
    let state = reduceDesk(emptyDesk, snapshot());
    for (let i = 0; i < MAX_ENDED_CHATS_KEPT + 10; i++) {
      state = reduceDesk(state, { type: 'chat.created', chat: chat(`e${i}`, 'gateway', T0 + i) });
      state = reduceDesk(state, { type: 'chat.ended', chatId: `e${i}`, at: T0 + 1000 + i, reason: 'operator' });
    }
    const ended = Object.values(state.chats).filter((c) => c.state === 'ended');
    expect(ended).toHaveLength(MAX_ENDED_CHATS_KEPT);
    expect(state.chats.e0).toBeUndefined();
    expect(state.chats[`e${MAX_ENDED_CHATS_KEPT + 9}`]).toBeDefined();
    expect(state.chats.c1?.state).toBe('waiting');
  });

  it('ignores events for chats it does not hold', () => {
    const state = reduceDesk(emptyDesk, snapshot());
    expect(reduceDesk(state, { type: 'chat.ended', chatId: 'nope', at: T0, reason: 'operator' })).toBe(state);
  });

  it('puts a chat from a campus missing in the config on the board anyway', () => {
    let state = reduceDesk(emptyDesk, snapshot());
    state = reduceDesk(state, { type: 'chat.created', chat: chat('x1', 'retired-campus', T0) });
    const columns = boardColumns(state, 'gateway');
    expect(columns.at(-1)?.campus.name).toBe('Unlisted campus (retired-campus)');
    expect(columns.at(-1)?.waiting.map((c) => c.id)).toEqual(['x1']);
  });

  it('orders the board with the home campus first', () => {
    const state = reduceDesk(emptyDesk, snapshot());
    expect(boardColumns(state, 'norwalk').map((c) => c.campus.id)).toEqual(['norwalk', 'gateway']);
    expect(boardColumns(state, 'norwalk')[0]?.waiting.map((c) => c.id)).toEqual(['c1']);
  });
});

describe('nameLooksLikeQuestion', () => {
  it.each([
    ['Maya', false],
    ['Maya Lopez', false],
    ['Jean-Luc Picard', false],
    ['what time do you close today?', true],
    ['how do I get into CINAHL', true],
    ['I need a peer reviewed article on nursing', true],
    ['hours', false],
  ])('%s -> %s', (name, expected) => expect(nameLooksLikeQuestion(name)).toBe(expected));
});
