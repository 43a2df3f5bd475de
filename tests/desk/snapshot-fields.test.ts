/**
 * The backend keeps each shared snapshot field serialised between late joins and rebuilds only
 * the fields an event names in shared/desk/snapshot-fields.ts. That table must agree with the
 * reducer: for one effective event of every type, applied to a full desk, the snapshot fields
 * that change (chats compared without transcript lines, which snapshots never carry) are
 * exactly the ones listed.
 */
import { describe, expect, it } from 'vitest';
import { Interview } from '../../src/shared/interview/schemas';
import { chatsChangedBy, DeskEvent, type DeskEventType, type DeskState, deskSnapshot, emptyDesk, reduceDesk, sharedFieldsChangedBy } from '../../src/shared/desk';
import type { TransferOffer } from '../../src/shared/transfers/schemas';
import { campus, chat, directoryParts, message, operator, ticket, transferOffer } from '../support/fixtures';

const T0 = 1_800_000_000_000;
const ada = operator('ada', 'capital', 'Ada');
const bo = operator('bo', 'tunxis', 'Bo');
const offer = (id: string, chatId: string): TransferOffer => transferOffer(id, chatId, ada, bo, T0);

const desk: DeskState = reduceDesk(emptyDesk, {
  type: 'snapshot',
  snapshot: {
    ...directoryParts,
    campuses: [campus('capital'), campus('tunxis')],
    chats: [chat('chat1', 'tunxis', T0), chat('chat2', 'capital', T0, { state: 'claimed', claimedBy: ada, claimedAt: T0 + 1 })],
    operators: [{ ...ada, presence: 'online', since: T0 }],
    transfers: [offer('t1', 'chat2')],
    tickets: [ticket('k1', T0)],
    serverTime: T0,
  },
});

/** One event of every type that changes the desk above (the compiler refuses a missing type). */
const samples: { [T in DeskEventType]: Extract<DeskEvent, { type: T }> } = {
  'campus.updated': { type: 'campus.updated', campus: campus('gateway') },
  'chatService.updated': { type: 'chatService.updated', chatService: { ...directoryParts.chatService, timeZone: 'America/Chicago' } },
  'chat.created': { type: 'chat.created', chat: chat('chat3', 'capital', T0 + 5) },
  'chat.claimed': { type: 'chat.claimed', chatId: 'chat1', by: bo, at: T0 + 5 },
  'chat.message': { type: 'chat.message', message: message('chat1', 1, T0 + 5) },
  'chat.ticket_offered': { type: 'chat.ticket_offered', chatId: 'chat1', at: T0 + 60_000 },
  'chat.ended': { type: 'chat.ended', chatId: 'chat1', at: T0 + 5, reason: 'operator' },
  'chat.patron': { type: 'chat.patron', chatId: 'chat1', givenName: 'Dana', email: 'dana@example.edu', phone: '' },
  'chat.patron_link': { type: 'chat.patron_link', chatId: 'chat1', connected: false, at: T0 + 5 },
  'chat.interview': { type: 'chat.interview', chatId: 'chat1', interview: Interview.parse({ campusConfirmed: true }) },
  'chat.incident': { type: 'chat.incident', chatId: 'chat2', incident: { id: 'i1', at: T0 + 5, byName: 'Ada', delivery: 'queued', to: '' } },
  'chat.transferred': { type: 'chat.transferred', chatId: 'chat2', offerId: 't1', from: ada, to: bo, at: T0 + 5 },
  'chat.requeued': { type: 'chat.requeued', chat: chat('chat2', 'tunxis', T0, { queuedAt: T0 + 5 }), by: ada },
  'faqs.changed': { type: 'faqs.changed', rev: 7 },
  'templates.changed': {
    type: 'templates.changed',
    entries: [{ scope: 'institution', template: { id: 'greet', category: 'greeting', label: 'Hello', text: 'Hello {patron}', shortcut: '', audience: 'patron', check: false }, deleted: false, updatedAt: T0, updatedBy: null }],
  },
  'note.posted': { type: 'note.posted', note: { id: 'n1', seq: 1, from: bo, to: { kind: 'shift' }, toOperator: null, text: 'Anyone free?', at: T0, about: null } },
  'notes.read': { type: 'notes.read', thread: 'shift', seq: 4 },
  'operator.presence': { type: 'operator.presence', operator: { ...bo, presence: 'online', since: T0 + 5 } },
  'transfer.offered': { type: 'transfer.offered', offer: offer('t2', 'chat2') },
  'transfer.closed': { type: 'transfer.closed', offerId: 't1', state: 'declined', at: T0 + 5, reason: 'busy' },
  'ticket.created': { type: 'ticket.created', ticket: ticket('k2', T0) },
  'ticket.updated': { type: 'ticket.updated', ticket: ticket('k1', T0, { status: 'answered', updatedAt: T0 + 5 }) },
};

/** Each snapshot field as the wire carries it: chats without their lines. */
function fields(state: DeskState): Record<string, string> {
  const { serverTime: _clock, chats, ...rest } = deskSnapshot(state, T0);
  const all: Record<string, unknown> = { ...rest, chats: chats.map((c) => ({ ...c, messages: [] })) };
  return Object.fromEntries(Object.entries(all).map(([key, value]) => [key, JSON.stringify(value)]));
}

describe('the snapshot fields each event changes', () => {
  it.each(Object.keys(samples) as DeskEventType[])('%s changes exactly the fields listed for it', (type) => {
    const event = DeskEvent.parse(samples[type]);
    const after = reduceDesk(desk, event);
    // Each sample must do something, or the comparison below proves nothing.
    expect(after).not.toBe(desk);
    const [before, now] = [fields(desk), fields(after)];
    const changed = Object.keys(before).filter((key) => before[key] !== now[key] && key !== 'notes');
    expect(changed.sort()).toEqual([...sharedFieldsChangedBy[type]].sort());
  });
});

/** Each chat's summary as the snapshot carries it (no lines), by id. */
function summaries(state: DeskState): Record<string, string> {
  return Object.fromEntries(Object.values(state.chats).map((c) => [c.id, JSON.stringify({ ...c, messages: [] })]));
}

describe('the chat summaries each event changes', () => {
  it.each(Object.keys(samples) as DeskEventType[])('%s changes exactly the chats it names', (type) => {
    const event = DeskEvent.parse(samples[type]);
    const [before, now] = [summaries(desk), summaries(reduceDesk(desk, event))];
    const ids = new Set([...Object.keys(before), ...Object.keys(now)]);
    const changed = [...ids].filter((id) => before[id] !== now[id]);
    expect(changed.sort()).toEqual([...chatsChangedBy(event)].sort());
    // The two tables agree: an event that changes the chats field names the chats it changed.
    expect(sharedFieldsChangedBy[type].includes('chats')).toBe(changed.length > 0);
  });
});
