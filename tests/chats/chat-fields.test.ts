/**
 * The registered chat fields (shared/chat-fields.ts) reach a chat through their owners' readers
 * (server/chats/fields.ts): one chat reads each field once; many chats read each field once for
 * all of them, never once per chat.
 */
import { describe, expect, it } from 'vitest';
import { ChatFieldReader, type ChatFieldSources } from '../../src/server/chats/fields';
import { Interview } from '../../src/shared/interview/schemas';

const T0 = 1_800_000_000_000;
const interview = Interview.parse({ campusConfirmed: true, needDetail: 'CINAHL' });
const report = { id: 'INC-1', at: T0, byName: 'Ada', delivery: 'emailed' as const, to: 'director@example.edu' };

function counted() {
  const reads = { one: 0, many: 0 };
  const sources: ChatFieldSources = {
    interview: {
      one: (chatId) => (reads.one++, chatId === 'chat1' ? interview : null),
      many: (chatIds) => (reads.many++, (chatId) => (chatIds.includes(chatId) && chatId === 'chat1' ? interview : null)),
    },
    incidents: {
      one: (chatId) => (reads.one++, chatId === 'chat2' ? [report] : []),
      many: () => (reads.many++, (chatId) => (chatId === 'chat2' ? [report] : [])),
    },
  };
  return { reads, reader: new ChatFieldReader(sources) };
}

describe('registered chat fields', () => {
  it('one chat gets every registered field from its owner', () => {
    const { reads, reader } = counted();
    expect(reader.one('chat1')).toEqual({ interview, incidents: [] });
    expect(reader.one('chat2')).toEqual({ interview: null, incidents: [report] });
    expect(reads).toEqual({ one: 4, many: 0 });
  });

  it('many chats: each field is read once for all of them; a chat not asked for is read on its own', () => {
    const { reads, reader } = counted();
    const fieldsOf = reader.many(['chat1', 'chat2', 'chat3']);
    expect(['chat1', 'chat2', 'chat3'].map(fieldsOf)).toEqual([
      { interview, incidents: [] },
      { interview: null, incidents: [report] },
      { interview: null, incidents: [] },
    ]);
    expect(reads).toEqual({ one: 0, many: 2 });
    expect(fieldsOf('chat9')).toEqual({ interview: null, incidents: [] });
    expect(reads).toEqual({ one: 2, many: 2 });
  });
});
