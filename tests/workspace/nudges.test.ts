import { describe, expect, it } from 'vitest';
import type { Chat } from '../../src/shared/chats/schemas';
import { chatNudges, chatTimes, DEFAULT_NUDGES } from '../../src/shared/workspace/nudges';
import { chat, message, operator } from '../support/fixtures';

const T0 = 1_800_000_000_000;
const ada = operator('op_ada', 'tunxis', 'Ada');
const texts = { hold: ['Give me a minute to look into that for you.', 'Still looking!'], silenceNotice: ['I’ll close this chat soon.'] };
const held = (extra: Partial<Chat> = {}): Chat =>
  chat('c1', 'tunxis', T0, { state: 'claimed', claimedBy: ada, claimedAt: T0 + 5_000, messages: [message('c1', 1, T0)], ...extra });
const mine = (seq: number, at: number, text = 'Let me look.') => message('c1', seq, at, { from: 'operator', authorName: 'Ada', text });
const theirs = (seq: number, at: number) => message('c1', seq, at, { from: 'patron', text: `patron line ${seq}` });
const kinds = (c: Chat, now: number, settings = DEFAULT_NUDGES) => chatNudges(c, now, 'op_ada', settings, texts).map((n) => n.kind);

describe('nudges', () => {
  it('dead air: a waiting patron and nothing from the librarian for the threshold', () => {
    const c = held();
    expect(kinds(c, T0 + 5_000 + 59_999)).toEqual([]);
    expect(kinds(c, T0 + 5_000 + 60_000)).toEqual(['dead-air']); // counted from the claim, not the question
    const answered = held({ messages: [theirs(1, T0), mine(2, T0 + 20_000)] });
    expect(kinds(answered, T0 + 200_000)).not.toContain('dead-air');
    // "Give me a minute" holds the patron: a minute after it, dead air again.
    const holding = held({ messages: [theirs(1, T0), mine(2, T0 + 20_000, 'Give me a minute to look into that for you.')] });
    expect(kinds(holding, T0 + 79_999)).toEqual([]);
    expect(kinds(holding, T0 + 80_000)).toEqual(['dead-air']);
    // A new patron line after the librarian's restarts the count from that line.
    const again = held({ messages: [theirs(1, T0), mine(2, T0 + 20_000), theirs(3, T0 + 100_000)] });
    expect(kinds(again, T0 + 159_999)).toEqual([]);
    expect(kinds(again, T0 + 160_000)).toEqual(['dead-air']);
    expect(kinds(held(), T0 + 5_000 + 2_000, { ...DEFAULT_NUDGES, deadAirMs: 2_000 })).toEqual(['dead-air']);
  });

  it('patron silence: the notice after N minutes, then the end', () => {
    const c = held({ messages: [theirs(1, T0), mine(2, T0 + 30_000)] });
    expect(kinds(c, T0 + 30_000 + DEFAULT_NUDGES.silenceNoticeMs - 1)).toEqual([]);
    expect(kinds(c, T0 + 30_000 + DEFAULT_NUDGES.silenceNoticeMs)).toEqual(['silence']);
    const noticed = held({ messages: [theirs(1, T0), mine(2, T0 + 30_000), mine(3, T0 + 400_000, 'I’ll close this chat soon.')] });
    expect(kinds(noticed, T0 + 400_000 + DEFAULT_NUDGES.silenceEndMs - 1)).toEqual([]);
    expect(kinds(noticed, T0 + 400_000 + DEFAULT_NUDGES.silenceEndMs)).toEqual(['silence-end']);
    // Internal notes and system lines are not the conversation.
    const noted = held({ messages: [theirs(1, T0), mine(2, T0 + 30_000), message('c1', 3, T0 + 300_000, { from: 'operator', visibility: 'operators', text: 'note' })] });
    expect(kinds(noted, T0 + 30_000 + DEFAULT_NUDGES.silenceNoticeMs)).toEqual(['silence']);
  });

  it('says at once when the patron’s page went away or they left; nothing for others’ chats', () => {
    expect(kinds(held({ patronConnected: false }), T0 + 6_000)).toEqual(['patron-away']);
    expect(chatNudges({ ...held(), state: 'ended', endReason: 'patron_left', endedAt: T0 + 9_000 }, T0 + 9_500, 'op_ada', DEFAULT_NUDGES, texts)).toEqual([{ kind: 'patron-left', at: T0 + 9_000 }]);
    expect(chatNudges(held(), T0 + 500_000, 'op_bo', DEFAULT_NUDGES, texts)).toEqual([]);
    expect(chatNudges({ ...held(), state: 'waiting', claimedBy: null }, T0 + 500_000, 'op_ada', DEFAULT_NUDGES, texts)).toEqual([]);
  });

  it('wait and chat times', () => {
    expect(chatTimes(held(), T0 + 65_000)).toEqual({ waited: 5_000, chatted: 60_000 });
    expect(chatTimes(chat('w', 'tunxis', T0), T0 + 12_000)).toEqual({ waited: 12_000, chatted: null });
  });

  it('the wait stops counting at the claim, and a chat put back in a queue never counts its conversation as waiting', () => {
    // Claimed 5 s in: the wait stays 5 s however long the chat runs.
    expect(chatTimes(held(), T0 + 65_000).waited).toBe(5_000);
    expect(chatTimes(held(), T0 + 3_600_000).waited).toBe(5_000);
    // Held for ten minutes, then sent to the Tunxis queue: it waits again from then, as the board's card says.
    const requeued = chat('c1', 'tunxis', T0, { state: 'waiting', queuedAt: T0 + 600_000 });
    expect(chatTimes(requeued, T0 + 612_000)).toEqual({ waited: 12_000, chatted: null });
    // Claimed at Tunxis 20 s after it was queued: frozen at 20 s from then on.
    const reclaimed = { ...requeued, state: 'claimed' as const, claimedBy: ada, claimedAt: T0 + 620_000 };
    expect(chatTimes(reclaimed, T0 + 620_000).waited).toBe(20_000);
    expect(chatTimes(reclaimed, T0 + 900_000)).toEqual({ waited: 20_000, chatted: 280_000 });
  });

  it('never offers the silence notice or the close in a chat where the crisis panel was used', () => {
    const quiet = held({ messages: [theirs(1, T0), mine(2, T0 + 30_000)] });
    const late = T0 + 30_000 + DEFAULT_NUDGES.silenceNoticeMs;
    expect(kinds(quiet, late)).toEqual(['silence']);
    // The crisis panel was opened for this chat (the desk remembers it per chat).
    expect(chatNudges(quiet, late, 'op_ada', DEFAULT_NUDGES, texts, { crisisPanel: true })).toEqual([]);
    // A crisis resource was sent (the panel opened on another desk, or before a reload): the transcript says so.
    const crisisTexts = { ...texts, crisis: ['You can text 741741 to reach the Crisis Text Line at any hour, day or night.'] };
    const sent = held({ messages: [theirs(1, T0), mine(2, T0 + 30_000, 'You can text 741741 to reach the Crisis Text Line at any hour, day or night.')] });
    expect(chatNudges(sent, late, 'op_ada', DEFAULT_NUDGES, crisisTexts)).toEqual([]);
    const noticed = held({ messages: [theirs(1, T0), mine(2, T0 + 30_000, crisisTexts.crisis[0]), mine(3, T0 + 400_000, 'I’ll close this chat soon.')] });
    expect(chatNudges(noticed, T0 + 400_000 + DEFAULT_NUDGES.silenceEndMs, 'op_ada', DEFAULT_NUDGES, crisisTexts)).toEqual([]);
    // Dead air is still dead air, and a page that went away is still said at once.
    expect(chatNudges(held({ patronConnected: false }), T0 + 5_000 + 60_000, 'op_ada', DEFAULT_NUDGES, texts, { crisisPanel: true }).map((n) => n.kind)).toEqual(['patron-away', 'dead-air']);
    // Other chats are not affected by the crisis texts unless one was sent in them.
    expect(chatNudges(quiet, late, 'op_ada', DEFAULT_NUDGES, crisisTexts).map((n) => n.kind)).toEqual(['silence']);
  });
});
