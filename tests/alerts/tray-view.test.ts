import { describe, expect, it } from 'vitest';
import { directoryParts } from '../support/fixtures';
import { DEFAULT_ALERT_SETTINGS, trayView } from '../../src/shared/alerts';
import { type DeskAction, emptyDesk, reduceDesk } from '../../src/shared/desk';
import { campus, chat, operator } from '../support/fixtures';

const T0 = 1_700_000_000_000;
const me = operator('me', 'gateway');

function desk(...actions: DeskAction[]) {
  let state = reduceDesk(emptyDesk, { type: 'snapshot', snapshot: { campuses: [campus('gateway', 'Gateway'), campus('norwalk', 'Norwalk')], chats: [], operators: [], serverTime: T0, ...directoryParts } });
  for (const action of actions) state = reduceDesk(state, action);
  return state;
}

describe('tray view (icon, badge, tooltip)', () => {
  it('is idle with a zero count when nobody waits, and clears the moment the last chat is claimed', () => {
    expect(trayView(desk(), T0, me, DEFAULT_ALERT_SETTINGS)).toMatchObject({ state: 'idle', count: 0 });
    const claimed = desk(
      { type: 'chat.created', chat: chat('a', 'gateway', T0) },
      { type: 'chat.claimed', chatId: 'a', by: operator('o1', 'gateway'), at: T0 + 1 },
    );
    expect(trayView(claimed, T0 + 2, me, DEFAULT_ALERT_SETTINGS)).toMatchObject({ state: 'idle', count: 0 });
  });

  it('counts waiting chats and turns urgent at the mark, whichever chat crosses it', () => {
    const state = desk(
      { type: 'chat.created', chat: chat('a', 'norwalk', T0, { patronName: 'Ana' }) },
      { type: 'chat.created', chat: chat('b', 'gateway', T0 + 15_000, { patronName: 'Ben' }) },
    );
    const before = trayView(state, T0 + 19_999, me, DEFAULT_ALERT_SETTINGS);
    expect(before).toMatchObject({ state: 'waiting', count: 2 });
    expect(before.tooltip.split('\n')).toEqual(['Deskbell: 2 waiting', 'Ana (Norwalk) 19s', 'Ben (Gateway) 4s']);
    const after = trayView(state, T0 + 20_000, me, DEFAULT_ALERT_SETTINGS);
    expect(after.state).toBe('urgent');
    expect(after.tooltip.split('\n')[1]).toBe('! Ana (Norwalk) 20s');
  });

  it('lists at most eight chats in the tooltip, the longest-waiting first, and says when muted', () => {
    const actions: DeskAction[] = Array.from({ length: 10 }, (_, i) => ({ type: 'chat.created', chat: chat(`c${i}`, 'gateway', T0 + 1_000 + i) }) as DeskAction);
    actions.push({ type: 'chat.created', chat: chat('old', 'gateway', T0 - 30_000) });
    const view = trayView(desk(...actions), T0 + 2_000, me, { ...DEFAULT_ALERT_SETTINGS, mutedUntil: T0 + 60_000 });
    expect(view).toMatchObject({ state: 'urgent', count: 11, muted: true });
    const lines = view.tooltip.split('\n');
    expect(lines[0]).toBe('Deskbell: 11 waiting (muted)');
    expect(lines[1]).toBe('! Pat (Gateway) 32s');
    expect(lines.at(-1)).toBe('+3 more');
    expect(lines).toHaveLength(1 + 8 + 1);
  });
});
