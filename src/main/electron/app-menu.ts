/**
 * The application menu. Its Quit is, with the tray's, the only way to end the app: the
 * window's close button hides to the tray. The Edit menu is there for the clipboard
 * shortcuts (macOS has none without it); developer tools appear in development only.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  hideWindow(): void;
  quit(): void;
}

export function appMenuTemplate(platform: NodeJS.Platform, devTools: boolean, actions: AppMenuActions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = devTools ? [{ role: 'viewMenu' }] : [];
  if (platform === 'darwin') {
    return [
      {
        label: 'Deskbell',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { id: 'quit', label: 'Quit Deskbell', accelerator: 'Command+Q', click: () => actions.quit() },
        ],
      },
      { role: 'editMenu' },
      ...view,
      { role: 'windowMenu' },
    ];
  }
  return [
    {
      label: '&Deskbell',
      submenu: [
        { id: 'hide', label: 'Hide to tray', accelerator: 'Ctrl+W', click: () => actions.hideWindow() },
        { type: 'separator' },
        { id: 'quit', label: 'Quit Deskbell', accelerator: 'Ctrl+Q', click: () => actions.quit() },
      ],
    },
    { role: 'editMenu' },
    ...view,
  ];
}
