import { describe, expect, it } from 'vitest';
import { emptyDesk, reduceDesk, type DeskAction } from '../../src/shared/desk';
import { emptyInterview } from '../../src/shared/interview/schemas';
import { Template } from '../../src/shared/templates/schemas';
import { transcriptFileName, transcriptJson, transcriptText } from '../../src/shared/transcripts/format';
import { campus, chat, directoryParts, message, operator } from '../support/fixtures';

const T0 = 1_800_000_000_000;
const start = (): DeskAction => ({
  type: 'snapshot',
  snapshot: { campuses: [campus('tunxis', 'Tunxis Campus Library')], chats: [chat('c1', 'tunxis', T0)], operators: [], serverTime: T0, ...directoryParts },
});

/** Applying every action twice must leave the state as applying it once (the stream may replay). */
function twice(actions: DeskAction[]) {
  let once = reduceDesk(emptyDesk, start());
  for (const action of actions) once = reduceDesk(once, action);
  let again = reduceDesk(emptyDesk, start());
  for (const action of actions) again = reduceDesk(reduceDesk(again, action), action);
  expect(again).toEqual(once);
  return once;
}

describe('the workspace events in the one desk reducer', () => {
  it('patron details, the patron’s page, the interview and incidents, idempotently', () => {
    const interview = { ...emptyInterview, location: 'off' as const, need: 'database' as const, needDetail: 'CINAHL' };
    const incident = { id: 'INC-1', at: T0 + 9, byName: 'Ada', delivery: 'queued' as const, to: 'dir@x.edu' };
    const state = twice([
      { type: 'chat.patron', chatId: 'c1', givenName: 'Maya', email: 'maya@x.edu', phone: '' },
      { type: 'chat.patron_link', chatId: 'c1', connected: false, at: T0 + 1 },
      { type: 'chat.interview', chatId: 'c1', interview },
      { type: 'chat.incident', chatId: 'c1', incident },
      { type: 'chat.incident', chatId: 'c1', incident: { ...incident, delivery: 'emailed' } },
    ]);
    const c = state.chats.c1!;
    expect([c.givenName, c.patronEmail, c.patronConnected, c.interview?.needDetail]).toEqual(['Maya', 'maya@x.edu', false, 'CINAHL']);
    expect(c.incidents).toEqual([{ ...incident, delivery: 'emailed' }]);
    // The patron's page coming back; an unchanged event returns the same state object.
    const back = reduceDesk(state, { type: 'chat.patron_link', chatId: 'c1', connected: true, at: T0 + 2 });
    expect(back.chats.c1?.patronConnected).toBe(true);
    expect(reduceDesk(back, { type: 'chat.patron_link', chatId: 'c1', connected: true, at: T0 + 3 })).toBe(back);
    // An ending marks the page gone, as a fresh snapshot of an ended chat says.
    expect(reduceDesk(back, { type: 'chat.ended', chatId: 'c1', at: T0 + 4, reason: 'policy' }).chats.c1).toMatchObject({ state: 'ended', endReason: 'policy', patronConnected: false });
  });

  it('templates changed on every desk, by scope and name', () => {
    const template = Template.parse({ id: 'closing.thanks', category: 'closing', label: 'Bye', text: 'Bye {patron}' });
    const state = twice([
      { type: 'templates.changed', entries: [{ scope: 'institution', template, deleted: false, updatedAt: 1, updatedBy: 'Ada' }] },
      { type: 'templates.changed', entries: [{ scope: 'tunxis', template: { ...template, text: 'Bye from Tunxis' }, deleted: false, updatedAt: 2, updatedBy: 'Ada' }] },
    ]);
    expect(Object.keys(state.templates).sort()).toEqual(['institution/closing.thanks', 'tunxis/closing.thanks']);
    expect(state.templates['tunxis/closing.thanks']?.template.text).toBe('Bye from Tunxis');
  });
});

describe('transcript export', () => {
  const ada = operator('op_ada', 'tunxis', 'Ada Lovelace');
  const ended = chat('c1', 'tunxis', T0, {
    encounterId: 'ENC-20270115-ABCDEF',
    patronName: 'how do I find nursing articles?',
    nameIsQuestion: true,
    question: 'for NUR 101',
    givenName: 'Maya',
    patronEmail: 'maya@x.edu',
    state: 'ended',
    claimedBy: ada,
    claimedAt: T0 + 12_000,
    endedAt: T0 + 312_000,
    endReason: 'operator',
    interview: { ...emptyInterview, assignment: 'yes', className: 'NUR 101', need: 'database', needDetail: 'CINAHL' },
    messages: [
      message('c1', 1, T0, { authorName: 'Patron', text: 'how do I find nursing articles?' }),
      message('c1', 2, T0 + 20_000, { from: 'operator', authorName: 'Ada Lovelace', text: 'Try [CINAHL](https://library.example.edu/cinahl) <b>now</b>' }),
      message('c1', 3, T0 + 30_000, { from: 'operator', visibility: 'operators', authorName: 'Ada Lovelace', text: 'note to self' }),
    ],
  });
  const context = { campusName: 'Tunxis Campus Library', timeZone: 'America/New_York' };

  it('as text: who, where, when, the interview, every line with its links written out', () => {
    const text = transcriptText(ended, context);
    expect(text).toContain('Chat transcript: ENC-20270115-ABCDEF');
    expect(text).toContain('Patron: Maya');
    expect(text).toContain('Name box (held the question): how do I find nursing articles?');
    expect(text).toContain('Email: maya@x.edu');
    expect(text).toContain('Claimed by Ada Lovelace at 01/15/2027, ');
    expect(text).toContain('after 0:12');
    expect(text).toContain('chat lasted 5:00');
    expect(text).toContain('Needed: A specific database (CINAHL)');
    expect(text).toContain('Ada Lovelace: Try CINAHL <https://library.example.edu/cinahl> <b>now</b>');
    expect(text).toContain('Ada Lovelace (internal note): note to self');
    expect(transcriptFileName(ended, 'txt')).toBe('ENC-20270115-ABCDEF.txt');
  });

  it('as JSON: the whole chat, versioned', () => {
    const parsed = JSON.parse(transcriptJson(ended, context, T0 + 999)) as { format: string; version: number; chat: { messages: unknown[]; interview: unknown } };
    expect(parsed).toMatchObject({ format: 'deskbell-transcript', version: 1 });
    expect(parsed.chat.messages).toHaveLength(3);
    expect(parsed.chat.interview).toMatchObject({ className: 'NUR 101' });
  });
});
