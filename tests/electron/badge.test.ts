import { describe, expect, it } from 'vitest';
import { createBadge } from '../../src/main/electron/alerts/badge';
import { createIconSet } from '../../src/main/electron/icons';
import { FakeApp, FakeWindow, fakeImage, idleView, waitingView } from './fakes';

function setup(platform: NodeJS.Platform) {
  const app = new FakeApp();
  const window = new FakeWindow({});
  const icons = createIconSet('/icons', fakeImage);
  const badge = createBadge({ platform, app, window, icons });
  return { app, window, badge };
}

describe('badge', () => {
  for (const platform of ['darwin', 'linux'] as const) {
    it(`counts on ${platform} and clears to 0 the moment the count reaches 0`, () => {
      const { app, window, badge } = setup(platform);
      badge(waitingView(1));
      badge(waitingView(3));
      badge(waitingView(3, 'urgent')); // same count: nothing to change
      badge(idleView);
      expect(app.badgeCounts).toEqual([1, 3, 0]);
      expect(window.overlays).toEqual([]);
    });
  }

  it('uses a taskbar overlay icon on Windows, and removes it (null) the moment the count reaches 0', () => {
    const { app, window, badge } = setup('win32');
    badge(waitingView(2));
    badge(waitingView(2, 'urgent'));
    badge(waitingView(12, 'urgent'));
    badge(idleView);
    expect(window.overlays).toEqual([
      { image: '/icons/tray-waiting-2.png', description: '2 chats waiting' },
      { image: '/icons/tray-urgent-2.png', description: '2 chats waiting' },
      { image: '/icons/tray-urgent-9plus.png', description: '12 chats waiting' },
      { image: null, description: '' },
    ]);
    expect(app.badgeCounts).toEqual([]);
  });
});
