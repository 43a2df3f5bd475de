/**
 * The hand-offs' pure parts, shared by main, the renderer and the backend: the reducers of
 * notes, transfers and tickets (idempotent for replays), unread counts, who is on, the chat
 * hours, the templates, the sound policy, the tray, and the notifier.
 */
import { describe, expect, it } from 'vitest';
import { handoffSound } from '../../src/shared/alerts/handoffs';
import { DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING, decideAlert } from '../../src/shared/alerts/policy';
import { trayView } from '../../src/shared/alerts/tray';
import { chatServiceState } from '../../src/shared/campuses/chat-hours';
import { emptyChatService } from '../../src/shared/campuses/schemas';
import { Command, type DeskAction, type DeskSnapshot, emptyDesk, reduceDesk } from '../../src/shared/desk';
import type { DeskState } from '../../src/shared/desk/state';
import type { Note } from '../../src/shared/notes/schemas';
import { threadOf, unreadNotes } from '../../src/shared/notes/selectors';
import { onlineAt, whoIsOn } from '../../src/shared/presence/who-is-on';
import { fillTemplate, placeholdersIn } from '../../src/shared/templates/fill';
import { defaultNoticeText, fillNotice, NOTICE_NAMES, NOTICE_VARIABLES, noticeEditProblem } from '../../src/shared/templates/notices';
import { emailIn } from '../../src/shared/chats/contacts';
import { ticketsOnDesk } from '../../src/shared/tickets/selectors';
import { createHandoffNotifier } from '../../src/shared/transfers/notifier';
import type { TransferOffer } from '../../src/shared/transfers/schemas';
import { campus, chat, directoryParts, operator, ticket, transferOffer } from '../support/fixtures';

const T0 = 1_800_000_000_000;
const ada = operator('ada', 'capital', 'Ada');
const bo = operator('bo', 'tunxis', 'Bo');
const cy = operator('cy', 'tunxis', 'Cy');

function desk(extra: Partial<DeskSnapshot> = {}): DeskState {
  return reduceDesk(emptyDesk, {
    type: 'snapshot',
    snapshot: {
      campuses: [campus('capital', 'Capital'), campus('tunxis', 'Tunxis'), campus('gateway', 'Gateway')],
      chats: [chat('c1', 'tunxis', T0, { state: 'claimed', claimedBy: ada, claimedAt: T0 + 1 })],
      operators: [ada, bo, cy].map((op) => ({ ...op, presence: 'online' as const, since: T0 })),
      serverTime: T0,
      ...directoryParts,
      ...extra,
    },
  });
}

const note = (seq: number, from = bo, to: Note['to'] = { kind: 'operator', operatorId: 'ada' }, text = `note ${seq}`): Note => ({
  id: `n${seq}`,
  seq,
  from,
  to,
  toOperator: to.kind === 'operator' ? ada : null,
  text,
  at: T0 + seq,
  about: null,
});

const offer = (extra: Partial<TransferOffer> = {}): TransferOffer => transferOffer('t1', 'c1', ada, bo, T0 + 10, extra);

describe('notes', () => {
  it('posted once each in seq order; read marks only move forward; unread counts per thread', () => {
    let state = desk();
    for (const n of [note(3), note(1), note(2), note(3)]) state = reduceDesk(state, { type: 'note.posted', note: n });
    state = reduceDesk(state, { type: 'note.posted', note: note(4, cy, { kind: 'campus', campus: 'capital' }) });
    state = reduceDesk(state, { type: 'note.posted', note: note(5, ada, { kind: 'shift' }) });
    expect(state.notes.items.map((n) => n.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(unreadNotes(state.notes, ada)).toEqual({ total: 4, byThread: { 'op:bo': 3, 'campus:capital': 1 } });
    state = reduceDesk(state, { type: 'notes.read', thread: 'op:bo', seq: 2 });
    const same = reduceDesk(state, { type: 'notes.read', thread: 'op:bo', seq: 1 });
    expect(same).toBe(state);
    expect(unreadNotes(state.notes, ada).byThread).toEqual({ 'op:bo': 1, 'campus:capital': 1 });
    // Bo's view of the same direct notes is the thread with Ada.
    expect(threadOf(note(1), 'bo')).toBe('op:ada');
    expect(threadOf(note(1), 'ada')).toBe('op:bo');
  });
});

describe('transfers', () => {
  it('offered, accepted: the chat moves to the addressee; replays change nothing', () => {
    let state = desk();
    const offered: DeskAction = { type: 'transfer.offered', offer: offer() };
    state = reduceDesk(state, offered);
    expect(reduceDesk(state, offered)).toBe(state);
    const moved: DeskAction = { type: 'chat.transferred', chatId: 'c1', offerId: 't1', from: ada, to: bo, at: T0 + 20 };
    state = reduceDesk(state, moved);
    expect(state.chats.c1).toMatchObject({ claimedBy: bo, claimedAt: T0 + 20 });
    expect(reduceDesk(state, moved)).toBe(state);
    state = reduceDesk(state, { type: 'transfer.closed', offerId: 't1', state: 'accepted', at: T0 + 20, reason: '' });
    expect(state.transfers.t1).toMatchObject({ state: 'accepted', closedAt: T0 + 20 });
    // A late "declined" cannot reopen or change a closed offer.
    expect(reduceDesk(state, { type: 'transfer.closed', offerId: 't1', state: 'declined', at: T0 + 30, reason: 'x' })).toBe(state);
  });

  it('requeued: waiting again in the new campus, ringing from queuedAt, its lines kept', () => {
    let state = desk();
    state = reduceDesk(state, { type: 'chat.message', message: { id: 'm1', chatId: 'c1', seq: 1, from: 'patron', visibility: 'patron', authorName: 'P', text: 'hi', at: T0 } });
    const requeued = chat('c1', 'gateway', T0, { queuedAt: T0 + 100_000 });
    state = reduceDesk(state, { type: 'chat.requeued', chat: requeued, by: ada });
    expect(state.chats.c1).toMatchObject({ state: 'waiting', campus: 'gateway', queuedAt: T0 + 100_000, claimedBy: null });
    expect(state.chats.c1?.messages).toHaveLength(1);
    // The escalation starts again from queuedAt: 5 s later it is the first ping, not urgent.
    expect(decideAlert(state.chats.c1!, T0 + 105_000, cy, DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING)).toMatchObject({ level: 'other', beeps: 1 });
    expect(decideAlert(state.chats.c1!, T0 + 125_000, cy, DEFAULT_ALERT_SETTINGS, DEFAULT_TIMING).level).toBe('urgent');
  });

  it('the tray shows an offer to me, and only to me', () => {
    const state = reduceDesk(desk(), { type: 'transfer.offered', offer: offer() });
    const mine = trayView(state, T0 + 20, bo, DEFAULT_ALERT_SETTINGS);
    expect(mine).toMatchObject({ state: 'waiting', count: 0, offers: 1 });
    expect(mine.tooltip).toContain('Transfer offered by Ada');
    expect(trayView(state, T0 + 20, cy, DEFAULT_ALERT_SETTINGS)).toMatchObject({ state: 'idle', offers: 0 });
  });
});

describe('tickets', () => {

  it('a newer summary replaces an older one, never the other way; filters by campus, status and words', () => {
    let state = desk();
    state = reduceDesk(state, { type: 'ticket.created', ticket: ticket('k1', T0) });
    state = reduceDesk(state, { type: 'ticket.created', ticket: ticket('k2', T0, { campus: 'gateway', question: 'Fines?' }) });
    state = reduceDesk(state, { type: 'ticket.updated', ticket: ticket('k1', T0, { status: 'closed', updatedAt: T0 + 5, closedAt: T0 + 5 }) });
    expect(reduceDesk(state, { type: 'ticket.updated', ticket: ticket('k1', T0, { status: 'open', updatedAt: T0 + 1 }) })).toBe(state);
    expect(ticketsOnDesk(state, { campus: 'tunxis', status: 'closed', text: '' }).map((t) => t.id)).toEqual(['k1']);
    expect(ticketsOnDesk(state, { campus: null, status: 'open', text: '' }).map((t) => t.id)).toEqual(['k2']);
    expect(ticketsOnDesk(state, { campus: null, status: 'all', text: 'NURSING journals' }).map((t) => t.id)).toEqual(['k1']);
    expect(emailIn('sure, it is maya.r@student.ctstate.edu thanks')).toBe('maya.r@student.ctstate.edu');
    expect(emailIn('no email here')).toBeNull();
  });

  it('the ticket command needs an email or a record that there is none', () => {
    const base = { kind: 'ticket.create', chatId: 'c1234', question: 'q' };
    expect(Command.safeParse({ ...base, email: '', noEmail: false }).success).toBe(false);
    expect(Command.safeParse({ ...base, email: 'not-an-email', noEmail: false }).success).toBe(false);
    expect(Command.safeParse({ ...base, email: '', noEmail: true }).success).toBe(true);
    expect(Command.safeParse({ ...base, email: ' maya@example.edu ', noEmail: false }).data).toMatchObject({ email: 'maya@example.edu', despiteOnline: false });
  });
});

describe('who is on', () => {
  it('online and away librarians by campus, the chosen campus first, with their load; offline ones left out', () => {
    const state = desk({
      operators: [
        { ...ada, presence: 'online', since: T0 },
        { ...bo, presence: 'away', since: T0 },
        { ...cy, presence: 'online', since: T0 },
        { ...operator('di', 'gateway', 'Di'), presence: 'offline', since: T0 },
      ],
    });
    const groups = whoIsOn(state, 'tunxis');
    expect(groups.map((g) => [g.campusId, g.operators.map((o) => `${o.name}:${o.presence}:${o.openChats}`)])).toEqual([
      ['tunxis', ['Cy:online:0', 'Bo:away:0']],
      ['capital', ['Ada:online:1']],
    ]);
    expect(onlineAt(state, 'tunxis').map((o) => o.id)).toEqual(['cy']);
    expect(onlineAt(state, 'tunxis', 'cy')).toEqual([]);
  });
});

describe('the chat hours', () => {
  const weekdays = { open: '09:00', close: '17:00' };
  const service = {
    ...emptyChatService,
    seasons: [
      { name: 'Spring and Fall', weekly: { sun: [], mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays], sat: [] } },
      { name: 'Summer', weekly: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] } },
    ],
  };
  // Tuesday 2026-12-01, 10:00 and 20:00 in New York.
  const tuesdayMorning = Date.UTC(2026, 11, 1, 15, 0);
  const tuesdayEvening = Date.UTC(2026, 11, 2, 1, 0);

  it('follow the season in force in New York time; no season means not known (the chat stays on offer)', () => {
    expect(chatServiceState(service, tuesdayMorning).kind).toBe('open');
    expect(chatServiceState(service, tuesdayEvening)).toMatchObject({ kind: 'closed', opensAt: Date.UTC(2026, 11, 2, 14, 0) });
    expect(chatServiceState({ ...service, activeSeason: 'Summer' }, tuesdayMorning)).toMatchObject({ kind: 'closed', opensAt: null });
    expect(chatServiceState({ ...service, activeSeason: 'No such season' }, tuesdayMorning).kind).toBe('open');
    expect(chatServiceState(emptyChatService, tuesdayEvening).kind).toBe('unknown');
  });
});

describe('templates', () => {
  it('fill their variables; an unknown placeholder stays; values are never read as placeholders', () => {
    expect(fillTemplate('{a} and {b}', { a: '{b}', b: 'B' })).toBe('{b} and B');
    expect(fillTemplate('Hello {name}, {unknown}', { name: 'Maya' })).toBe('Hello Maya, {unknown}');
    expect(fillNotice<'transfer.taking-over'>(defaultNoticeText('transfer.taking-over'), { myName: 'Bo', myCampus: 'Tunxis Campus Library' })).toBe(
      'Bo from the Tunxis Campus Library is taking over this chat now. They can see everything we have written so far.',
    );
    // Nobody reviews a notice before the patron reads it: an empty value goes in empty, not as braces.
    expect(fillNotice<'widget.closed'>(defaultNoticeText('widget.closed'), { campus: 'Tunxis Campus Library', opensAt: '' })).toBe(
      'Chat with a librarian is closed right now. Leave your question and your email below and a librarian from the Tunxis Campus Library will reply.',
    );
  });

  it('every notice’s default uses exactly the variables it is filled with; an edit may use no others', () => {
    for (const name of NOTICE_NAMES) {
      expect(placeholdersIn(defaultNoticeText(name)).sort(), name).toEqual([...NOTICE_VARIABLES[name]].sort());
      expect(noticeEditProblem({ id: name, audience: 'notice', text: defaultNoticeText(name) }), name).toBeNull();
    }
    expect(noticeEditProblem({ id: 'ticket.ask-email', audience: 'notice', text: 'Hi {patron}, your email please?' })).toMatch(/only \{campus\}, not \{patron\}/);
    expect(noticeEditProblem({ id: 'ticket.ask-email', audience: 'patron', text: 'Your email?' })).toMatch(/stays one/);
    expect(noticeEditProblem({ id: 'closing.snow', audience: 'notice', text: 'Bye' })).toMatch(/only Deskbell/);
    expect(noticeEditProblem({ id: 'closing.snow', audience: 'patron', text: 'Bye {patron}' })).toBeNull();
  });
});

describe('sounds and notifications of the hand-offs', () => {
  it('a note for me and an offer to me sound their own sounds; my own note, others’ offers, a mute: nothing', () => {
    const settings = DEFAULT_ALERT_SETTINGS;
    expect(handoffSound({ type: 'transfer.offered', offer: offer() }, bo, settings, T0 + 20)).toMatchObject({ sound: 'transfer', chatIds: ['c1'] });
    expect(handoffSound({ type: 'transfer.offered', offer: offer() }, cy, settings, T0 + 20)).toBeNull();
    expect(handoffSound({ type: 'note.posted', note: note(1) }, ada, settings, T0)).toMatchObject({ sound: 'note' });
    expect(handoffSound({ type: 'note.posted', note: note(1) }, bo, settings, T0)).toBeNull();
    expect(handoffSound({ type: 'note.posted', note: note(2, bo, { kind: 'campus', campus: 'tunxis' }) }, cy, settings, T0)).toMatchObject({ sound: 'note' });
    expect(handoffSound({ type: 'note.posted', note: note(2, bo, { kind: 'campus', campus: 'tunxis' }) }, ada, settings, T0)).toBeNull();
    expect(handoffSound({ type: 'transfer.offered', offer: offer() }, bo, { ...settings, mutedUntil: T0 + 1_000_000 }, T0 + 20)).toBeNull();
    expect(handoffSound({ type: 'snapshot', snapshot: { campuses: [], chats: [], operators: [], serverTime: T0, ...directoryParts, transfers: [offer()] } }, bo, settings, T0)).toBeNull();
  });

  it('an offer to me is notified and closed when it closes; a note for me is notified; nothing else', () => {
    const shown: string[] = [];
    const closed: string[] = [];
    const notifier = createHandoffNotifier({
      create: ({ title, body, tag }) => ({
        show: () => shown.push(`${title} | ${body}`),
        close: () => closed.push(tag),
        onClick: () => undefined,
        onClose: () => undefined,
      }),
      me: () => bo,
      showDesk: () => undefined,
      warn: () => undefined,
    });
    notifier.handle({ type: 'snapshot', snapshot: { campuses: [campus('tunxis', 'Tunxis')], chats: [chat('c1', 'tunxis', T0, { patronName: 'Maya' })], operators: [], serverTime: T0, ...directoryParts } });
    notifier.handle({ type: 'transfer.offered', offer: offer({ note: 'needs CINAHL' }) });
    notifier.handle({ type: 'transfer.offered', offer: offer({ id: 't2', to: cy }) });
    notifier.handle({ type: 'note.posted', note: note(1, ada, { kind: 'operator', operatorId: 'bo' }, 'can you take it?') });
    expect(shown).toEqual(['Ada offers you a chat | Maya (Tunxis): “When do you close?” · Note: needs CINAHL', 'Note from Ada | can you take it?']);
    // A question typed in the name box is the question quoted, not the question box's "please help".
    notifier.handle({ type: 'chat.created', chat: chat('c2', 'tunxis', T0, { patronName: 'where are the nursing journals?', nameIsQuestion: true, question: 'please help' }) });
    notifier.handle({ type: 'transfer.offered', offer: offer({ id: 't3', chatId: 'c2' }) });
    expect(shown.at(-1)).toBe('Ada offers you a chat | Name not given (Tunxis): “where are the nursing journals? please help”');
    notifier.handle({ type: 'transfer.closed', offerId: 't3', state: 'expired', at: T0, reason: '' });
    shown.pop();
    closed.length = 0;
    notifier.handle({ type: 'transfer.closed', offerId: 't1', state: 'expired', at: T0, reason: '' });
    expect(closed).toEqual(['offer-t1']);
    expect(notifier.liveKeys()).toEqual(['note-n1']);
    notifier.dispose();
    expect(notifier.liveKeys()).toEqual([]);
  });
});
