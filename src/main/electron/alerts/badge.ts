/**
 * The waiting-chat count on the dock / launcher / taskbar. It follows TrayView.count and
 * clears in the same tick the count reaches 0: a badge that sticks after the last chat
 * was claimed teaches people to ignore it.
 */
import type { TrayView } from '../../../shared/alerts/tray';
import type { IconSet } from '../icons';
import type { AppLike, WindowLike } from '../ports';

export interface BadgeDeps {
  platform: NodeJS.Platform;
  app: Pick<AppLike, 'setBadgeCount'>;
  window: WindowLike;
  icons: IconSet;
}

export function overlayDescription(count: number): string {
  return count === 1 ? '1 chat waiting' : `${count} chats waiting`;
}

/** Returns the function to call with every TrayView. */
export function createBadge(deps: BadgeDeps): (view: TrayView) => void {
  let shown = '';
  return (view) => {
    const count = Math.max(0, view.count);
    if (deps.platform === 'win32') {
      // Windows has no numeric badge: an overlay icon on the taskbar button instead.
      const key = count === 0 ? 'none' : `${view.state}:${count}`;
      if (key === shown || deps.window.isDestroyed()) return;
      shown = key;
      if (count === 0) deps.window.setOverlayIcon(null, '');
      else deps.window.setOverlayIcon(deps.icons.forView(view), overlayDescription(count));
      return;
    }
    // macOS dock and Linux Unity launchers; elsewhere Electron ignores it (returns false).
    const key = String(count);
    if (key === shown) return;
    shown = key;
    deps.app.setBadgeCount(count);
  };
}
