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
});
