import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../src/main/electron/external-links';
import { rendererUrlMatcher } from '../../src/main/electron/renderer-location';
import { RENDERER_CSP } from '../../src/main/electron/session-policy';
import { createAttentionFlasher, createMainWindow, showAndFocus } from '../../src/main/electron/window';
import { FakeShell, flush, recordingLog, WindowFactory } from './fakes';

const OUR_URL = 'deskbell://app/index.html';

function setup(options: { quitting?: boolean } = {}) {
  const windows = new WindowFactory();
  const shell = new FakeShell();
  const { log, entries } = recordingLog();
  let quitting = options.quitting ?? false;
  const window = createMainWindow({
    createWindow: windows.create,
    shell,
    preloadPath: '/opt/deskbell/out/preload/index.cjs',
    isOurRendererUrl: rendererUrlMatcher({ kind: 'app', dir: '/opt/deskbell/out/renderer' }),
    isQuitting: () => quitting,
    devTools: false,
    log,
  });
  return { window: windows.only, created: window, shell, entries, setQuitting: (q: boolean) => (quitting = q) };
}

describe('main window', () => {
  it('is created isolated, sandboxed, without Node, unthrottled and allowed to autoplay', () => {
    const { window, created } = setup();
    expect(created).toBe(window);
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/opt/deskbell/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      backgroundThrottling: false,
      autoplayPolicy: 'no-user-gesture-required',
      devTools: false,
    });
    // Shown once painted, not before.
    expect(window.options.show).toBe(false);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('lets the renderer navigate within itself and blocks every other navigation or redirect', () => {
    const { window, entries } = setup();
    const contents = window.webContents;
    expect(contents.navigate(`${OUR_URL}#/chat/abc`)).toBe(true);
    expect(contents.navigate('https://evil.example/phish')).toBe(false);
    expect(contents.navigate('file:///etc/passwd')).toBe(false);
    expect(contents.navigate('file:///opt/deskbell/out/renderer/index.html')).toBe(false);
    expect(contents.navigate('deskbell://app/other.html')).toBe(false);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    expect(entries.filter((e) => e.message.includes('blocked navigation'))).toHaveLength(5);
  });

  it('refuses webviews', () => {
    const { window } = setup();
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    window.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies window.open and hands only validated http(s)/mailto links to the system browser', async () => {
    const { window, shell } = setup();
    const contents = window.webContents;
    for (const url of [
      'https://library.example.edu/hours',
      'http://catalog.example.edu/record/1',
      'mailto:director@example.edu?subject=Incident',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'https://library.example.edu@evil.example/',
      'vbscript:msgbox(1)',
      'smb://fileserver/share',
      'not a url',
    ]) {
      expect(contents.open(url)).toEqual({ action: 'deny' });
    }
    await flush();
    expect(shell.opened).toEqual([
      'https://library.example.edu/hours',
      'http://catalog.example.edu/record/1',
      'mailto:director@example.edu?subject=Incident',
    ]);
  });

  it('hides instead of closing until the app is quitting', () => {
    const { window, setQuitting } = setup();
    window.show();
    expect(window.clickClose()).toBe(false);
    expect(window.visible).toBe(false);
    expect(window.destroyed).toBe(false);
    setQuitting(true);
    expect(window.clickClose()).toBe(true);
    expect(window.destroyed).toBe(true);
  });

  it('sets the strict CSP on responses, replacing any policy they brought', () => {
    const { window } = setup();
    const response = window.webContents.session.respond(OUR_URL, {
      'content-type': ['text/html'],
      'content-security-policy': ["default-src *; script-src 'unsafe-inline' 'unsafe-eval'"],
    });
    expect(response.responseHeaders).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': [RENDERER_CSP],
    });
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "media-src 'self' data: blob:",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(RENDERER_CSP.split('; ')).toContain(directive);
    }
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it('grants notifications and playback-only media to our renderer, and nothing else to anyone', () => {
    const { window } = setup();
    const session = window.webContents.session;
    expect(session.requestPermission('notifications', { requestingUrl: OUR_URL })).toBe(true);
    expect(session.requestPermission('media', { requestingUrl: OUR_URL, mediaTypes: [] })).toBe(true);
    expect(session.requestPermission('media', { requestingUrl: OUR_URL, mediaTypes: ['audio'] })).toBe(false);
    expect(session.requestPermission('media', { requestingUrl: OUR_URL, mediaTypes: ['video'] })).toBe(false);
    for (const permission of ['geolocation', 'clipboard-read', 'hid', 'openExternal', 'fullscreen']) {
      expect(session.requestPermission(permission, { requestingUrl: OUR_URL })).toBe(false);
    }
    expect(session.requestPermission('notifications', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(session.checkHandler?.({}, 'notifications', 'deskbell://app', { requestingUrl: OUR_URL })).toBe(true);
    expect(session.checkHandler?.({}, 'geolocation', 'deskbell://app', { requestingUrl: OUR_URL })).toBe(false);
    expect(session.checkHandler?.({}, 'media', 'deskbell://app', { requestingUrl: OUR_URL, mediaType: 'video' })).toBe(false);
  });

  it('flashes while the desk is urgent and stops when it is not, without repeating itself', () => {
    const { window } = setup();
    const flash = createAttentionFlasher(window);
    flash(false);
    flash(true);
    flash(true);
    flash(false);
    flash(true);
    expect(window.flashes).toEqual([true, false, true]);
  });

  it('brings a minimised or hidden window to the front', () => {
    const { window } = setup();
    window.minimized = true;
    showAndFocus(window);
    expect(window).toMatchObject({ minimized: false, visible: true, focusCount: 1 });
  });
});

describe('external link validation', () => {
  it('accepts http(s) and mailto only, without credentials or control characters', () => {
    expect(isSafeExternalUrl('https://www.ct.edu/libraries')).toBe(true);
    expect(isSafeExternalUrl('mailto:someone@example.edu')).toBe(true);
    expect(isSafeExternalUrl('https://user:pw@example.edu/')).toBe(false);
    expect(isSafeExternalUrl('JavaScript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('ms-msdt:/id PCWDiagnostic')).toBe(false);
    expect(isSafeExternalUrl(`https://example.edu/${'a'.repeat(2100)}`)).toBe(false);
    expect(isSafeExternalUrl(42)).toBe(false);
  });
});
