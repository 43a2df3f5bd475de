/**
 * The snapshot's chats field keeps each summary serialised (server/chats/snapshot-summaries.ts):
 * a join reads the store only for what changed, a changed chat is rebuilt after its event and
 * before the next join, and many changes at once are read with one query instead of one each.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ChatRow } from '../../src/server/chats/chat-store';
import { ChatSummaries } from '../../src/server/chats/snapshot-summaries';
import { type ChatsChangedByTable, chatSummariesChangedBy } from '../../src/shared/desk/snapshot-fields';
import { chat } from '../support/fixtures';

const T0 = 1_800_000_000_000;

function fakeStore(open: number, changedBy?: ChatsChangedByTable) {
  const rows = new Map<string, { id: string; state: string }>();
  for (let i = 0; i < open; i++) rows.set(`chat${i}`, { id: `chat${i}`, state: 'waiting' });
  const reads = { get: 0, bulk: 0 };
  const store = {
    snapshotChatIds: () => [...rows.keys()],
    get: (id: string) => {
      reads.get += 1;
      return rows.get(id) as ChatRow | undefined;
    },
    openChats: () => {
      reads.bulk += 1;
      return [...rows.values()] as ChatRow[];
    },
    recentlyEnded: () => [],
  };
  const summaries = new ChatSummaries(store, (list) => list.map((row) => chat(row.id, 'gateway', T0, { state: row.state as 'waiting' | 'claimed' })), changedBy);
  const ids = (json: Buffer) => (JSON.parse(`{${json.toString()}}`) as { chats: { id: string; state: string }[] }).chats;
  return { rows, reads, summaries, ids };
}

describe('chat summaries kept for the snapshot', () => {
  it('reads a changed chat once, after its event, and a join after that reads nothing', async () => {
    const { rows, reads, summaries, ids } = fakeStore(10);
    expect(ids(summaries.json())).toHaveLength(10);
    // Cold: the first snapshot reads every row (ten, under the bulk threshold: one lookup each).
    expect(reads).toEqual({ get: 10, bulk: 0 });

    rows.set('chat3', { id: 'chat3', state: 'claimed' });
    summaries.eventPublished({ type: 'chat.claimed', chatId: 'chat3', by: { id: 'o1', name: 'Ada', campus: 'gateway' }, at: T0 });
    // Transcript lines and other capabilities' events drop nothing.
    summaries.eventPublished({ type: 'faqs.changed', rev: 3 });
    await nextTurn();
    expect(reads).toEqual({ get: 11, bulk: 0 });
    expect(ids(summaries.json()).find((c) => c.id === 'chat3')?.state).toBe('claimed');
    expect(reads).toEqual({ get: 11, bulk: 0 });
    expect(summaries.json().toString()).toBe(summaries.fresh().toString());
    summaries.close();
  });

  it('many changes at once are read with one query; a chat leaving the snapshot leaves the memo', async () => {
    const { rows, reads, summaries, ids } = fakeStore(300);
    summaries.json();
    expect(reads).toEqual({ get: 0, bulk: 1 });
    for (let i = 0; i < 200; i++) {
      rows.set(`chat${i}`, { id: `chat${i}`, state: 'claimed' });
      summaries.eventPublished({ type: 'chat.claimed', chatId: `chat${i}`, by: { id: 'o1', name: 'Ada', campus: 'gateway' }, at: T0 });
    }
    await nextTurn();
    expect(reads).toEqual({ get: 0, bulk: 2 });
    rows.delete('chat0');
    expect(ids(summaries.json())).toHaveLength(299);
    expect(summaries.size).toBe(299);
    expect(summaries.json().toString()).toBe(summaries.fresh().toString());
    summaries.close();
  });

  it('drops the summaries an event declares it changed, whatever its type is called', async () => {
    // Another capability's event that changes a chat (a patron's rating, say) names it in the table.
    const { rows, reads, summaries, ids } = fakeStore(3, { ...chatSummariesChangedBy, 'faqs.changed': () => ['chat1'] });
    summaries.json();
    rows.set('chat1', { id: 'chat1', state: 'claimed' });
    summaries.eventPublished({ type: 'faqs.changed', rev: 4 });
    await nextTurn();
    expect(reads.get).toBe(4);
    expect(ids(summaries.json()).find((c) => c.id === 'chat1')?.state).toBe('claimed');
    summaries.close();
  });
});
