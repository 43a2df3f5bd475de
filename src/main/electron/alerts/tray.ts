/**
 * The tray icon: its image, tooltip and menu follow the core's TrayView, the operator's
 * presence and the login-item setting.
 *
 * The menu is rebuilt (buildFromTemplate + setContextMenu) whenever anything in it
 * changes: Linux app indicators cache the menu they were given and ignore clicks on the
 * icon, so mutating items in place or relying on 'click' does not work there.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayView } from '../../../shared/alerts/tray';
import type { Presence } from '../../../shared/presence/schemas';
import { type IconSet, trayIconFileName } from '../icons';
import type { BuildMenu, CreateTray } from '../ports';

export const MUTE_CHOICES_MINUTES = [5, 15, 30, 60] as const;
const PRESENCES: readonly { value: Presence; label: string }[] = [
  { value: 'online', label: 'Online' },
  { value: 'away', label: 'Away' },
  { value: 'offline', label: 'Offline' },
];

export interface TrayMenuState {
  view: TrayView;
  /** null while signed out: presence cannot be set then. */
  presence: Presence | null;
  openAtLogin: boolean;
  /** Embedded backend only: offer to open a patron chat page for a test. */
  canOpenPatronPage: boolean;
  /** IT locked "start at login" (machine-wide settings): shown, not changeable. */
  openAtLoginLocked?: boolean;
  /** IT's longest mute in minutes (machine-wide settings); longer choices are not offered. */
  maxMuteMinutes?: number;
}

export interface TrayActions {
  showWindow(): void;
  /** 0 unmutes. */
  mute(minutes: number): void;
  setPresence(presence: Presence): void;
  setOpenAtLogin(enabled: boolean): void;
  openPatronPage(): void;
  quit(): void;
}

/** One line for the top of the menu: Linux indicators show no tooltip. */
export function trayStatusLine(view: TrayView): string {
  const muted = view.muted ? ' (sounds muted)' : '';
  const unread = view.unread > 0 ? `; ${view.unread} new ${view.unread === 1 ? 'message' : 'messages'} in your chats` : '';
  // A colleague waits for an answer: that comes first, whatever else is waiting.
  if (view.offers > 0) return `${view.offers === 1 ? 'A chat is' : `${view.offers} chats are`} offered to you${view.count > 0 ? `; ${view.count} waiting` : ''}${unread}${muted}`;
  if (view.state === 'idle' || view.count === 0) return `No chats waiting${unread}${muted}`;
  const chats = view.count === 1 ? '1 chat waiting' : `${view.count} chats waiting`;
  return `${chats}${view.state === 'urgent' ? ', urgent' : ''}${unread}${muted}`;
}

export function trayMenuTemplate(state: TrayMenuState, actions: TrayActions): MenuItemConstructorOptions[] {
  const signedIn = state.presence !== null;
  const maxMute = state.maxMuteMinutes ?? Number.POSITIVE_INFINITY;
  const muteChoices: number[] = MUTE_CHOICES_MINUTES.filter((minutes) => minutes <= maxMute);
  // A cap below the shortest choice still offers the cap itself (0: no muting at all).
  if (muteChoices.length === 0 && maxMute > 0 && Number.isFinite(maxMute)) muteChoices.push(maxMute);
  const muteItems: MenuItemConstructorOptions[] = muteChoices.map((minutes) => ({
    id: `mute-${minutes}`,
    label: `Mute sounds for ${minutes} minutes`,
    click: () => actions.mute(minutes),
  }));
  if (state.view.muted) muteItems.unshift({ id: 'unmute', label: 'Unmute sounds', click: () => actions.mute(0) });

  const template: MenuItemConstructorOptions[] = [
    { id: 'status', label: trayStatusLine(state.view), enabled: false },
    { type: 'separator' },
    { id: 'show', label: 'Show Deskbell', click: () => actions.showWindow() },
    { type: 'separator' },
    // No mute section at all where IT allows no muting.
    ...(muteItems.length > 0 ? [...muteItems, { type: 'separator' as const }] : []),
    ...PRESENCES.map(
      ({ value, label }): MenuItemConstructorOptions => ({
        id: `presence-${value}`,
        label,
        type: 'radio',
        checked: state.presence === value,
        enabled: signedIn,
        click: () => actions.setPresence(value),
      }),
    ),
    { type: 'separator' },
    {
      id: 'open-at-login',
      label: state.openAtLoginLocked ? 'Start at login (set by IT)' : 'Start at login',
      type: 'checkbox',
      checked: state.openAtLogin,
      enabled: !state.openAtLoginLocked,
      click: () => actions.setOpenAtLogin(!state.openAtLogin),
    },
  ];
  if (state.canOpenPatronPage) template.push({ id: 'patron-page', label: 'Open a test patron chat', click: () => actions.openPatronPage() });
  template.push({ type: 'separator' }, { id: 'quit', label: 'Quit Deskbell', click: () => actions.quit() });
  return template;
}

/** What the menu shows; equal keys mean the rebuilt menu would be identical. */
function menuKey(state: TrayMenuState): string {
  return JSON.stringify([
    trayStatusLine(state.view),
    state.view.muted,
    state.presence,
    state.openAtLogin,
    state.canOpenPatronPage,
    state.openAtLoginLocked ?? false,
    state.maxMuteMinutes ?? null,
  ]);
}

export interface DeskTray {
  update(change: Partial<TrayMenuState>): void;
  dispose(): void;
}

export interface DeskTrayDeps {
  createTray: CreateTray;
  buildMenu: BuildMenu;
  icons: IconSet;
  actions: TrayActions;
}

export function createDeskTray(deps: DeskTrayDeps, initial: TrayMenuState): DeskTray {
  let state = initial;
  let iconName = trayIconFileName(state.view);
  let tooltip = '';
  let shownMenu = '';
  const tray = deps.createTray(deps.icons.get(iconName));

  const render = () => {
    const nextIcon = trayIconFileName(state.view);
    if (nextIcon !== iconName) {
      iconName = nextIcon;
      tray.setImage(deps.icons.get(nextIcon));
    }
    if (state.view.tooltip !== tooltip) {
      tooltip = state.view.tooltip;
      tray.setToolTip(tooltip);
    }
    const key = menuKey(state);
    if (key !== shownMenu) {
      shownMenu = key;
      tray.setContextMenu(deps.buildMenu(trayMenuTemplate(state, deps.actions)));
    }
  };

  tray.on('click', () => deps.actions.showWindow());
  render();

  return {
    update(change) {
      state = { ...state, ...change };
      render();
    },
    dispose() {
      tray.destroy();
    },
  };
}
