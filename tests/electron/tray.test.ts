import { describe, expect, it } from 'vitest';
import { createIconSet, trayIconFileName } from '../../src/main/electron/icons';
import { createDeskTray, type TrayActions, type TrayMenuState } from '../../src/main/electron/alerts/tray';
import type { Presence } from '../../src/shared/presence/schemas';
import { fakeImage, idleView, MenuFactory, TrayFactory, waitingView } from './fakes';

const ICONS = '/opt/deskbell/icons';

function setup(initial: Partial<TrayMenuState> = {}) {
  const trays = new TrayFactory();
  const menus = new MenuFactory();
  const loadedPaths: string[] = [];
  const done: string[] = [];
  const actions: TrayActions = {
    showWindow: () => done.push('show'),
    mute: (minutes) => done.push(`mute ${minutes}`),
    setPresence: (presence: Presence) => done.push(`presence ${presence}`),
    setOpenAtLogin: (enabled) => done.push(`login ${enabled}`),
    openPatronPage: () => done.push('patron page'),
    quit: () => done.push('quit'),
  };
  const icons = createIconSet(ICONS, (path) => {
    loadedPaths.push(path);
    return fakeImage(path);
  });
  const tray = createDeskTray(
    { createTray: trays.create, buildMenu: menus.build, icons, actions },
    { view: idleView, presence: 'online', openAtLogin: false, canOpenPatronPage: false, ...initial },
  );
  const fake = trays.only;
  const menu = () => {
    if (!fake.menu) throw new Error('no context menu set');
    return fake.menu;
  };
  return { tray, fake, menus, menu, done, loadedPaths };
}

describe('tray icon file names', () => {
  it('maps idle, counts 1..9 and above 9 for waiting and urgent', () => {
    expect(trayIconFileName(idleView)).toBe('tray-idle.png');
    expect(trayIconFileName(waitingView(1))).toBe('tray-waiting-1.png');
    expect(trayIconFileName(waitingView(9))).toBe('tray-waiting-9.png');
    expect(trayIconFileName(waitingView(10))).toBe('tray-waiting-9plus.png');
    expect(trayIconFileName(waitingView(4, 'urgent'))).toBe('tray-urgent-4.png');
    expect(trayIconFileName(waitingView(37, 'urgent'))).toBe('tray-urgent-9plus.png');
  });
});

describe('tray', () => {
  it('follows idle -> waiting 1 -> waiting 3 -> urgent -> idle: image, tooltip and a rebuilt menu each time', () => {
    const { tray, fake, menus, menu } = setup();
    expect(fake.image).toBe(`${ICONS}/tray-idle.png`);
    expect(fake.tooltip).toBe(idleView.tooltip);
    expect(menu().item('status').label).toBe('No chats waiting');

    const steps = [
      { view: waitingView(1), icon: 'tray-waiting-1.png', status: '1 chat waiting' },
      { view: waitingView(3), icon: 'tray-waiting-3.png', status: '3 chats waiting' },
      { view: waitingView(3, 'urgent'), icon: 'tray-urgent-3.png', status: '3 chats waiting, urgent' },
      { view: { ...waitingView(1), unread: 2 }, icon: 'tray-waiting-1.png', status: '1 chat waiting; 2 new messages in your chats' },
      { view: { ...idleView, unread: 1 }, icon: 'tray-idle.png', status: 'No chats waiting; 1 new message in your chats' },
      { view: idleView, icon: 'tray-idle.png', status: 'No chats waiting' },
    ];
    for (const step of steps) {
      const menusBefore = menus.built.length;
      const menuBefore = fake.menu;
      tray.update({ view: step.view });
      expect(fake.image).toBe(`${ICONS}/${step.icon}`);
      expect(fake.tooltip).toBe(step.view.tooltip);
      expect(menus.built.length).toBe(menusBefore + 1);
      expect(fake.menu).not.toBe(menuBefore);
      expect(menu().item('status').label).toBe(step.status);
    }
  });

  it('a chat offered to this librarian leads the tray menu and tooltip, before the waiting count', () => {
    const { tray, fake, menu } = setup();
    const offered = { state: 'waiting' as const, count: 0, tooltip: 'Deskbell: a chat is offered to you\nTransfer offered by Ada: answer it in Deskbell', muted: false, offers: 1, unread: 0 };
    tray.update({ view: offered });
    expect(menu().item('status').label).toBe('A chat is offered to you');
    expect(fake.tooltip).toBe(offered.tooltip);
    tray.update({ view: { ...waitingView(2), offers: 1 } });
    expect(menu().item('status').label).toBe('A chat is offered to you; 2 waiting');
    tray.update({ view: idleView });
    expect(menu().item('status').label).toBe('No chats waiting');
  });

  it('loads each icon file once however often the view returns to it', () => {
    const { tray, loadedPaths } = setup();
    for (let i = 0; i < 5; i += 1) {
      tray.update({ view: waitingView(2) });
      tray.update({ view: idleView });
    }
    expect(loadedPaths.sort()).toEqual([`${ICONS}/tray-idle.png`, `${ICONS}/tray-waiting-2.png`]);
  });

  it('updates only the tooltip, not the menu, when only the waiting times in it change', () => {
    const { tray, fake, menus } = setup({ view: waitingView(2) });
    const before = menus.built.length;
    tray.update({ view: { ...waitingView(2), tooltip: 'Deskbell: 2 waiting\nDana (Manchester) 14s' } });
    expect(fake.tooltip).toBe('Deskbell: 2 waiting\nDana (Manchester) 14s');
    expect(menus.built.length).toBe(before);
  });

  it('mute items call mute with their minutes; Unmute appears only while muted', () => {
    const { tray, menu, done } = setup();
    expect(menu().has('unmute')).toBe(false);
    for (const minutes of [5, 15, 30, 60]) menu().click(`mute-${minutes}`);
    expect(done).toEqual(['mute 5', 'mute 15', 'mute 30', 'mute 60']);
    tray.update({ view: { ...idleView, muted: true } });
    expect(menu().item('status').label).toBe('No chats waiting (sounds muted)');
    menu().click('unmute');
    expect(done.at(-1)).toBe('mute 0');
  });

  it('presence radio shows the current presence, sets the chosen one, and is disabled while signed out', () => {
    const { tray, menu, done } = setup({ presence: 'online' });
    expect(menu().item('presence-online').checked).toBe(true);
    expect(menu().item('presence-away').checked).toBe(false);
    menu().click('presence-away');
    menu().click('presence-offline');
    expect(done).toEqual(['presence away', 'presence offline']);
    tray.update({ presence: 'away' });
    expect(menu().item('presence-away').checked).toBe(true);
    tray.update({ presence: null });
    expect(menu().item('presence-online').enabled).toBe(false);
    expect(() => menu().click('presence-online')).toThrow(/disabled/);
  });

  it('start-at-login checkbox toggles; show, quit and tray click do what they say', () => {
    const { tray, fake, menu, done } = setup({ openAtLogin: false });
    expect(menu().item('open-at-login').checked).toBe(false);
    menu().click('open-at-login');
    tray.update({ openAtLogin: true });
    expect(menu().item('open-at-login').checked).toBe(true);
    menu().click('open-at-login');
    menu().click('show');
    fake.emit('click');
    menu().click('quit');
    expect(done).toEqual(['login true', 'login false', 'show', 'show', 'quit']);
  });

  it('offers the test patron page only with an embedded backend', () => {
    expect(setup({ canOpenPatronPage: false }).menu().has('patron-page')).toBe(false);
    const withEmbedded = setup({ canOpenPatronPage: true });
    withEmbedded.menu().click('patron-page');
    expect(withEmbedded.done).toEqual(['patron page']);
  });

  it('destroys the tray icon on dispose', () => {
    const { tray, fake } = setup();
    tray.dispose();
    expect(fake.destroyed).toBe(true);
  });
});
