import { describe, expect, it } from 'vitest';
import { OperatorServerFrame } from '../../src/shared/protocol';
import { SnapshotCache } from '../../src/server/transport/snapshot-cache';
import { campus, chat, directoryParts } from '../support/fixtures';

describe('the snapshot cache', () => {
  it('builds once per change of what a snapshot shows: transcript lines do not count, every other event does', () => {
    let builds = 0;
    let chats = [chat('chat1', 'gateway', 1)];
    const cache = new SnapshotCache(() => {
      builds += 1;
      return { campuses: [campus('gateway')], ...directoryParts, chats, operators: [] };
    });
    const first = OperatorServerFrame.parse(JSON.parse(cache.frame(0, 1_000)));
    expect(first).toMatchObject({ type: 'snapshot', seq: 0, snapshot: { serverTime: 1_000, chats: [{ id: 'chat1' }] } });
    cache.frame(0, 2_000);
    cache.published('chat.message');
    const again = JSON.parse(cache.frame(0, 3_000));
    expect(builds).toBe(1);
    expect(again.snapshot.serverTime).toBe(3_000);

    chats = [...chats, chat('chat2', 'gateway', 2)];
    cache.published('chat.created');
    expect(JSON.parse(cache.frame(4, 4_000)).snapshot.chats.map((c: { id: string }) => c.id)).toEqual(['chat1', 'chat2']);
    expect(builds).toBe(2);
    cache.published('operator.presence');
    cache.frame(5, 5_000);
    expect(builds).toBe(3);
  });
});
