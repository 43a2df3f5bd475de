import { describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../src/shared/desk';
import { OperatorServerFrame } from '../../src/shared/protocol';
import { fieldsPart, SnapshotCache } from '../../src/server/transport/snapshot-cache';
import { campus, chat, directoryParts, operator } from '../support/fixtures';

const T0 = 1_700_000_000_000;
const presence: DeskEvent = { type: 'operator.presence', operator: { ...operator('o1', 'gateway'), presence: 'online', since: T0 } };

/** A cache over counted parts: how often each was serialised, and the data they show. */
function countedCache(verify?: (fields: readonly string[]) => void) {
  const builds = { chats: 0, operators: 0, rest: 0 };
  const data = { chats: [chat('chat1', 'gateway', 1)], operators: [] as never[] };
  const { chatService, faqRev, templates, transfers, tickets } = directoryParts;
  const cache = new SnapshotCache(
    [
      fieldsPart(['campuses', 'chatService', 'faqRev', 'templates', 'transfers', 'tickets'], () => {
        builds.rest += 1;
        return { campuses: [campus('gateway')], chatService, faqRev, templates, transfers, tickets };
      }),
      fieldsPart(['chats'], () => {
        builds.chats += 1;
        return { chats: data.chats };
      }),
      fieldsPart(['operators'], () => {
        builds.operators += 1;
        return { operators: data.operators };
      }),
    ],
    verify,
  );
  return { cache, builds, data };
}

describe('the snapshot cache', () => {
  it('serialises each part once per change of its fields: transcript lines change none, a presence event only who is on', () => {
    const { cache, builds, data } = countedCache();
    const first = OperatorServerFrame.parse(JSON.parse(String(cache.frame(0, 1_000, { notes: directoryParts.notes }))));
    expect(first).toMatchObject({ type: 'snapshot', seq: 0, snapshot: { serverTime: 1_000, chats: [{ id: 'chat1' }], campuses: [{ id: 'gateway' }] } });
    expect(builds).toEqual({ chats: 1, operators: 1, rest: 1 });

    cache.frame(0, 2_000);
    cache.published({ type: 'chat.message', message: { id: 'm1', chatId: 'chat1', seq: 1, from: 'patron', text: 'hi', at: T0, visibility: 'patron' } as never });
    const again = JSON.parse(String(cache.frame(3, 3_000)));
    expect(builds).toEqual({ chats: 1, operators: 1, rest: 1 });
    expect(again).toMatchObject({ seq: 3, snapshot: { serverTime: 3_000 } });

    cache.published(presence);
    cache.frame(4, 4_000);
    expect(builds).toEqual({ chats: 1, operators: 2, rest: 1 });

    data.chats = [...data.chats, chat('chat2', 'gateway', 2)];
    cache.published({ type: 'chat.created', chat: data.chats[1]! });
    expect(JSON.parse(String(cache.frame(5, 5_000))).snapshot.chats.map((c: { id: string }) => c.id)).toEqual(['chat1', 'chat2']);
    expect(builds).toEqual({ chats: 2, operators: 2, rest: 1 });
  });

  it('refuses parts that leave a shared field without an owner, or give one two', () => {
    const { chatService, faqRev, templates, transfers, tickets } = directoryParts;
    const rest = fieldsPart(['campuses', 'chatService', 'faqRev', 'templates', 'transfers', 'tickets'], () => ({ campuses: [], chatService, faqRev, templates, transfers, tickets }));
    const chats = fieldsPart(['chats'], () => ({ chats: [] }));
    const operators = fieldsPart(['operators'], () => ({ operators: [] }));
    expect(() => new SnapshotCache([rest, chats])).toThrow(/without an owner: operators/);
    expect(() => new SnapshotCache([rest, chats, operators, fieldsPart(['chats'], () => ({ chats: [] }))])).toThrow(/"chats" has two owners/);
    expect(() => new SnapshotCache([rest, chats, operators])).not.toThrow();
  });

  it('verify reports a part whose data changed with no event for it', () => {
    const stale: string[][] = [];
    const { cache, data } = countedCache((fields) => stale.push([...fields]));
    cache.frame(0, 1_000);
    expect(stale).toEqual([]);
    data.chats = [];
    cache.frame(1, 2_000);
    expect(stale).toEqual([['chats']]);
  });
});
