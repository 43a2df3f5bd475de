/**
 * A claim fetches the chat's history over HTTP while its live events come over the socket. A
 * patron line sent right after the claim can reach the desk in that history first; its own event
 * is then a line the desk has, and the core drops it (main-core.ts: no change, no followers). The
 * workspace must count such a line all the same: unread, the chime, the notification. Seen as a
 * rare "timed out waiting for unread" in workspace-core.test.ts under load.
 *
 * The desk here runs the shared reducer and tells the workspace as MainCore.apply does.
 */
import { describe, expect, it } from 'vitest';
import type { CorePush } from '../../src/main/core/capability';
import { Workspace } from '../../src/main/core/workspace/workspace';
import { type DeskAction, deskSnapshot, reduceDesk } from '../../src/shared/desk/reduce';
import { type DeskState, emptyDesk } from '../../src/shared/desk/state';
import { chat, message, operator } from '../support/fixtures';

const T0 = Date.UTC(2026, 11, 7, 15, 0, 0);
const me = operator('op_ada', 'tunxis', 'Ada');

function desk() {
  let state: DeskState = emptyDesk;
  const pushes: CorePush[] = [];
  const chimes: string[] = [];
  const workspace = new Workspace(
    {
      desk: () => state,
      emit: (push) => pushes.push(push),
      // Signing in and out is not what this is about.
      on: () => undefined,
    },
    { me: () => me, sendTyping: () => true },
    { patronLineUnseen: (chatId) => chimes.push(chatId), unreadChanged: () => undefined },
  );
  const apply = (action: DeskAction) => {
    const before = state;
    const next = reduceDesk(before, action);
    if (next === before) return;
    state = next;
    workspace.followDesk(action, before);
  };
  const unread = () => [...pushes].reverse().find((p) => p.type === 'unread');
  const notified = () => pushes.filter((p) => p.type === 'patronMessage').map((p) => (p.type === 'patronMessage' ? p.text : ''));
  return { apply, workspace, unread, notified, chimes, state: () => state };
}

const asked = message('c1', 1, T0, { text: 'Is the library open?', from: 'patron', visibility: 'patron' });
const early = message('c1', 2, T0 + 2_000, { text: 'also, where do I print?', from: 'patron', visibility: 'patron' });
const after = message('c1', 3, T0 + 6_000, { text: 'hello?', from: 'patron', visibility: 'patron' });
const reply = message('c1', 4, T0 + 7_000, { text: 'Yes, until 9.', from: 'operator', visibility: 'patron', authorName: me.name });

function claimedChat(d: ReturnType<typeof desk>) {
  d.apply({ type: 'chat.created', chat: chat('c1', 'tunxis', T0, { messages: [asked] }) });
  d.apply({ type: 'chat.claimed', chatId: 'c1', by: me, at: T0 + 5_000 });
}

describe('patron lines that come in the history of a claimed chat', () => {
  it('a line sent after the claim counts once, whether its event comes before or after the history', () => {
    const first = desk();
    claimedChat(first);
    first.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early, after] });
    first.apply({ type: 'chat.message', message: after });
    expect(first.unread()).toEqual({ type: 'unread', counts: { c1: 1 } });
    expect([first.chimes, first.notified()]).toEqual([['c1'], ['hello?']]);

    const second = desk();
    claimedChat(second);
    second.apply({ type: 'chat.message', message: after });
    second.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early, after] });
    expect(second.unread()).toEqual({ type: 'unread', counts: { c1: 1 } });
    expect([second.chimes, second.notified()]).toEqual([['c1'], ['hello?']]);
  });

  it("lines from before the claim and the librarian's own are not counted, nor any line of a chat in front of a visible window", async () => {
    const d = desk();
    claimedChat(d);
    d.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early, reply] });
    expect(d.unread()).toBeUndefined();
    const front = desk();
    claimedChat(front);
    await front.workspace.calls['workspace.front']({ chatId: 'c1', visible: true });
    front.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early, after, reply] });
    expect([front.unread(), front.chimes]).toEqual([undefined, []]);
  });

  it('a history loaded again after a reconnect (its snapshot holds no lines) brings back lines already read: nothing is counted', () => {
    const d = desk();
    claimedChat(d);
    d.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early] });
    d.apply({ type: 'chat.message', message: after });
    expect(d.unread()).toEqual({ type: 'unread', counts: { c1: 1 } });
    // The librarian reads it; then the link drops and comes back: summaries, then the whole chat again.
    void d.workspace.calls['workspace.front']({ chatId: 'c1', visible: true });
    const summaries = { ...d.state(), chats: { c1: { ...d.state().chats.c1!, messages: [] } } };
    d.apply({ type: 'snapshot', snapshot: deskSnapshot(summaries, T0 + 60_000) });
    void d.workspace.calls['workspace.front']({ chatId: null, visible: true });
    d.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early, after, reply] });
    expect(d.unread()).toEqual({ type: 'unread', counts: {} });
    expect(d.chimes).toEqual(['c1']);
  });

  it('a history of a chat not held by this librarian counts nothing', () => {
    const d = desk();
    d.apply({ type: 'chat.created', chat: chat('c1', 'tunxis', T0, { messages: [asked] }) });
    d.apply({ type: 'chat.claimed', chatId: 'c1', by: operator('op_bo', 'tunxis', 'Bo'), at: T0 + 5_000 });
    d.apply({ type: 'chat.history', chatId: 'c1', messages: [asked, early, after] });
    expect(d.unread()).toBeUndefined();
    expect(d.chimes).toEqual([]);
  });
});
