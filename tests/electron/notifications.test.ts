import { describe, expect, it } from 'vitest';
import { directoryParts } from '../support/fixtures';
import { createChatNotifier, notificationText } from '../../src/main/electron/chats/notifications';
import { createHandoffNotifications } from '../../src/main/electron/transfers/notifications';
import type { Push } from '../../src/shared/api';
import type { Chat } from '../../src/shared/chats/schemas';
import { makeCampus, makeChat, NotificationFactory, recordingLog } from './fakes';

const created = (chat: Chat): Push => ({ type: 'desk', action: { type: 'chat.created', chat } });
const claimed = (chatId: string): Push => ({
  type: 'desk',
  action: { type: 'chat.claimed', chatId, by: { id: 'op-1', name: 'Sam', campus: 'manchester' }, at: 1 },
});
const ended = (chatId: string): Push => ({ type: 'desk', action: { type: 'chat.ended', chatId, at: 2, reason: 'patron_left' } });
const snapshot = (chats: Chat[]): Push => ({
  type: 'desk',
  action: {
    type: 'snapshot',
    snapshot: { campuses: [makeCampus('manchester', 'Manchester'), makeCampus('tunxis', 'Tunxis')], chats, operators: [], serverTime: 0, ...directoryParts },
  },
});

function setup() {
  const notifications = new NotificationFactory();
  const opened: string[] = [];
  const notifier = createChatNotifier({
    createNotification: notifications.create,
    isSupported: notifications.isSupported,
    openChat: (chatId) => opened.push(chatId),
    log: recordingLog().log,
  });
  notifier.handlePush(snapshot([]));
  return { notifications, notifier, opened };
}

describe('chat notifications', () => {
  it('shows one silent notification for a new waiting chat, titled with the campus name', () => {
    const { notifications, notifier } = setup();
    notifier.handlePush(created(makeChat({ id: 'chat-0001', campus: 'tunxis' })));
    expect(notifications.created).toHaveLength(1);
    const [notification] = notifications.created;
    expect(notification?.shown).toBe(true);
    expect(notification?.options).toEqual({
      title: 'New chat: Tunxis',
      body: 'Dana Reyes: Do you have CINAHL access from home?',
      silent: true,
    });
  });

  it('shows nothing for a chat created already claimed or ended, or for other pushes', () => {
    const { notifications, notifier } = setup();
    notifier.handlePush(created(makeChat({ id: 'chat-0002', state: 'claimed' })));
    notifier.handlePush(created(makeChat({ id: 'chat-0003', state: 'ended' })));
    notifier.handlePush({ type: 'focusChat', chatId: 'chat-0004' });
    expect(notifications.created).toEqual([]);
  });

  it('clicking shows the chat: openChat with that chat id', () => {
    const { notifications, notifier, opened } = setup();
    notifier.handlePush(created(makeChat({ id: 'chat-0001' })));
    notifier.handlePush(created(makeChat({ id: 'chat-0002' })));
    notifications.created[1]?.emit('click');
    expect(opened).toEqual(['chat-0002']);
    expect(notifier.liveChatIds()).toEqual(['chat-0001']);
  });

  it('keeps one notification per chat: a replayed chat.created does not notify again', () => {
    const { notifications, notifier } = setup();
    const chat = makeChat({ id: 'chat-0001' });
    notifier.handlePush(created(chat));
    notifier.handlePush(created(chat));
    notifier.handlePush(claimed('chat-0001'));
    notifier.handlePush(created(chat));
    expect(notifications.created).toHaveLength(1);
  });

  it('closes and forgets the notification when the chat is claimed or ended', () => {
    const { notifications, notifier } = setup();
    notifier.handlePush(created(makeChat({ id: 'chat-0001' })));
    notifier.handlePush(created(makeChat({ id: 'chat-0002' })));
    notifier.handlePush(claimed('chat-0001'));
    notifier.handlePush(ended('chat-0002'));
    expect(notifications.created.map((n) => n.closed)).toEqual([true, true]);
    expect(notifier.liveChatIds()).toEqual([]);
  });

  it('forgets a notification the user dismissed, and those of chats a new snapshot no longer has waiting', () => {
    const { notifications, notifier } = setup();
    for (const id of ['chat-0001', 'chat-0002', 'chat-0003']) notifier.handlePush(created(makeChat({ id })));
    notifications.created[0]?.close();
    expect(notifier.liveChatIds()).toEqual(['chat-0002', 'chat-0003']);
    notifier.handlePush(snapshot([makeChat({ id: 'chat-0003' }), makeChat({ id: 'chat-0002', state: 'claimed' })]));
    expect(notifier.liveChatIds()).toEqual(['chat-0003']);
    expect(notifications.created[1]?.closed).toBe(true);
  });

  it('holds no notification objects after a day of chats that were all answered', () => {
    const { notifications, notifier } = setup();
    for (let i = 0; i < 2000; i += 1) {
      const id = `chat-${String(i).padStart(5, '0')}`;
      notifier.handlePush(created(makeChat({ id })));
      notifier.handlePush(i % 2 ? claimed(id) : ended(id));
    }
    expect(notifications.created).toHaveLength(2000);
    expect(notifier.liveChatIds()).toEqual([]);
  });

  it('does nothing where the desktop has no notification service', () => {
    const { notifications, notifier } = setup();
    notifications.supported = false;
    notifier.handlePush(created(makeChat()));
    expect(notifications.created).toEqual([]);
  });

  it('closes everything on dispose', () => {
    const { notifications, notifier } = setup();
    notifier.handlePush(created(makeChat({ id: 'chat-0001' })));
    notifier.dispose();
    expect(notifications.created[0]?.closed).toBe(true);
    expect(notifier.liveChatIds()).toEqual([]);
  });
});

describe('notification text', () => {
  it('asks for the name when the patron typed the question into the name box', () => {
    const chat = makeChat({ patronName: 'how do i find peer reviewed articles?', question: 'how do i find peer reviewed articles?', nameIsQuestion: true });
    expect(notificationText(chat, 'Manchester').body).toBe('Name not given: how do i find peer reviewed articles?');
  });

  it('truncates long questions and flattens line breaks', () => {
    const { body } = notificationText(makeChat({ question: `line one\nline two ${'x'.repeat(400)}` }), 'Manchester');
    expect(body.length).toBeLessThanOrEqual(180);
    expect(body.endsWith('…')).toBe(true);
    expect(body).toContain('line one line two');
  });

  it('escapes markup on Linux, where notification servers render it, and only there', () => {
    const chat = makeChat({ patronName: 'Eve', question: '<a href="https://evil.example">click</a> & <b>win</b>' });
    expect(notificationText(chat, 'Norwalk', true).body).toBe('Eve: &lt;a href="https://evil.example"&gt;click&lt;/a&gt; &amp; &lt;b&gt;win&lt;/b&gt;');
    expect(notificationText(chat, 'Norwalk', false).body).toBe('Eve: <a href="https://evil.example">click</a> & <b>win</b>');
  });
});

describe('message notifications', () => {
  const message = (chatId: string, text: string): Push => ({ type: 'patronMessage', chatId, patron: 'Maya <b>', campusName: 'Tunxis', text });

  it('one per chat, the latest line; closed when the chat is read or ends', () => {
    const { notifications, notifier, opened } = setup();
    notifier.handlePush(message('chat-1', 'first'));
    notifier.handlePush(message('chat-1', 'second'));
    notifier.handlePush(message('chat-2', 'other'));
    expect(notifications.created.map((n) => [n.options.title, n.options.body, n.closed])).toEqual([
      ['Maya <b> (Tunxis) wrote', 'first', true],
      ['Maya <b> (Tunxis) wrote', 'second', false],
      ['Maya <b> (Tunxis) wrote', 'other', false],
    ]);
    // chat-1 was read (no unread left): its notification goes.
    notifier.handlePush({ type: 'unread', counts: { 'chat-2': 1 } });
    expect(notifications.created[1]?.closed).toBe(true);
    expect(notifications.created[2]?.closed).toBe(false);
    notifications.created[2]?.emit('click');
    expect(opened).toEqual(['chat-2']);
    notifier.handlePush(message('chat-3', 'bye'));
    notifier.handlePush(ended('chat-3'));
    expect(notifications.created[3]?.closed).toBe(true);
  });
});

describe('hand-off notifications (the desktop shell)', () => {
  const bo = { id: 'op-bo', name: 'Bo Diddley', campus: 'tunxis' };
  const ada = { id: 'op-ada', name: 'Ada Lovelace', campus: 'manchester' };
  const offer = (id: string, to = bo): Push => ({
    type: 'desk',
    action: {
      type: 'transfer.offered',
      offer: { id, chatId: 'chat-0001', from: ada, to, note: 'needs <b>CINAHL</b>', createdAt: 1, expiresAt: 60_001, state: 'pending', closedAt: null, reason: '' },
    },
  });

  it('an offer to this librarian: one silent notification, escaped on Linux, closed when the offer closes; clicking shows the desk', () => {
    const notifications = new NotificationFactory();
    let shown = 0;
    const handoffs = createHandoffNotifications({
      createNotification: notifications.create,
      isSupported: notifications.isSupported,
      me: () => bo,
      showDesk: () => shown++,
      escapeMarkup: true,
      log: recordingLog().log,
    });
    handoffs.handlePush(snapshot([makeChat({ id: 'chat-0001', campus: 'tunxis', state: 'claimed' })]));
    handoffs.handlePush(offer('t-1'));
    handoffs.handlePush(offer('t-2', ada)); // to someone else: nothing here
    expect(notifications.created.map((n) => n.options)).toEqual([
      { title: 'Ada Lovelace offers you a chat', body: 'Dana Reyes (Tunxis): “Do you have CINAHL access from home?” · Note: needs &lt;b&gt;CINAHL&lt;/b&gt;', silent: true },
    ]);
    notifications.created[0]?.emit('click');
    expect(shown).toBe(1);
    handoffs.handlePush(offer('t-3'));
    handoffs.handlePush({ type: 'desk', action: { type: 'transfer.closed', offerId: 't-3', state: 'expired', at: 2, reason: '' } });
    expect(notifications.created[1]?.closed).toBe(true);
    expect(handoffs.liveKeys()).toEqual([]);
    handoffs.dispose();
  });
});
