/**
 * The renderer's store, without a browser: pushes from main go to the slice they concern, the
 * desk mirror runs the shared reducer, and a change of librarian at a shared desk leaves nothing
 * of the one before (drafts, tabs, the open panel); the chat tabs and the reply target are derived
 * from the desk, never kept twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../src/shared/api';
import { composerTarget } from '../../src/renderer/chats/composer-target';
import { tabIds } from '../../src/renderer/chats/my-chats';
import { useAppStore } from '../../src/renderer/store';
import { campus, chat, directoryParts, operator } from '../support/fixtures';

const ada = operator('op-ada', 'tunxis', 'Ada');
const bo = operator('op-bo', 'gateway', 'Bo');
const session = (who: typeof ada | null): SessionView => ({ ...(useAppStore.getState().session ?? {}), status: 'online', operator: who ? { ...who, role: 'librarian' } : null } as unknown as SessionView);
const s = () => useAppStore.getState();

beforeEach(() => {
  s().forgetLibrarian();
  s().receive({ type: 'session', session: session(ada) });
  s().receive({
    type: 'desk',
    action: {
      type: 'snapshot',
      snapshot: {
        ...directoryParts,
        campuses: [campus('tunxis'), campus('gateway')],
        operators: [],
        chats: [
          chat('c-mine-late', 'tunxis', 3_000, { state: 'claimed', claimedBy: ada, claimedAt: 9_000 }),
          chat('c-mine-early', 'tunxis', 1_000, { state: 'claimed', claimedBy: ada, claimedAt: 5_000 }),
          chat('c-bo', 'gateway', 2_000, { state: 'claimed', claimedBy: bo, claimedAt: 6_000 }),
          chat('c-waiting', 'gateway', 4_000),
        ],
        serverTime: 10_000,
      },
    },
  } as Parameters<ReturnType<typeof s>['receive']>[0]);
});

describe('the mirror', () => {
  it('applies desk pushes with the shared reducer', () => {
    expect(Object.keys(s().desk.chats).sort()).toEqual(['c-bo', 'c-mine-early', 'c-mine-late', 'c-waiting']);
    s().receive({ type: 'desk', action: { type: 'chat.claimed', chatId: 'c-waiting', by: ada, at: 11_000 } } as Parameters<ReturnType<typeof s>['receive']>[0]);
    expect(s().desk.chats['c-waiting']?.claimedBy?.id).toBe('op-ada');
  });
});

describe('chat tabs and the reply target', () => {
  it('the tabs are the chats I hold, oldest claim first, then chats opened to read', () => {
    s().openChat('c-bo');
    expect(tabIds(s())).toEqual(['c-mine-early', 'c-mine-late', 'c-bo']);
    // Reading a colleague's chat gives it a tab, but never makes it a place to put an answer.
    expect(composerTarget(s())).toBe(null);
    s().openChat('c-mine-late');
    expect(composerTarget(s())).toBe('c-mine-late');
  });

  it('keeps at most twelve extra tabs, and closing a tab forgets it and its panel', () => {
    for (let i = 0; i < 15; i++) s().openChat(`c-read-${i}`);
    expect(s().extraTabs).toHaveLength(12);
    expect(s().extraTabs[0]).toBe('c-read-3');
    s().openPanel('crisis', 'c-read-14');
    s().closeTab('c-read-14');
    expect(s().openChatId).toBe(null);
    expect(s().extraTabs).not.toContain('c-read-14');
    expect(s().dock).toBe(null);
  });
});

describe('drafts and notices', () => {
  it('a draft belongs to its chat; an inserted answer is appended; an emptied draft is gone', () => {
    s().setDraft('c-mine-early', 'Hi Maya');
    s().insertIntoDraft('c-mine-early', 'We close at 9 pm.');
    expect(s().drafts['c-mine-early']).toContain('Hi Maya');
    expect(s().drafts['c-mine-early']).toContain('We close at 9 pm.');
    expect(s().drafts['c-mine-late']).toBeUndefined();
    s().setDraft('c-mine-early', '');
    expect('c-mine-early' in s().drafts).toBe(false);
  });

  it('keeps the five newest notices', () => {
    for (let i = 0; i < 8; i++) s().notify('info', `n${i}`);
    expect(s().notices.map((n) => n.text)).toEqual(['n3', 'n4', 'n5', 'n6', 'n7']);
    s().dismiss(s().notices[0]?.id ?? -1);
    expect(s().notices).toHaveLength(4);
  });
});

describe('another librarian at the same desk', () => {
  it('leaves nothing of the one before: drafts, tabs, the open chat, the panel, notices', () => {
    s().setDraft('c-mine-early', 'private draft');
    s().openChat('c-bo');
    s().openPanel('tickets', null);
    s().notify('info', 'for Ada');
    s().receive({ type: 'session', session: session(bo) });
    expect(s().drafts).toEqual({});
    expect(s().openChatId).toBe(null);
    expect(s().extraTabs).toEqual([]);
    expect(s().dock).toBe(null);
    expect(s().notices).toEqual([]);
    expect(s().session?.operator?.id).toBe('op-bo');
  });

  it('the same librarian again (a session push) keeps their work', () => {
    s().setDraft('c-mine-early', 'still here');
    s().receive({ type: 'session', session: session(ada) });
    expect(s().drafts['c-mine-early']).toBe('still here');
  });
});
