import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../src/main/electron/app-menu';
import { LaunchOptionError, parseLaunchOptions } from '../../src/main/electron/launch-options';
import { claimSingleInstance } from '../../src/main/electron/single-instance';
import { FakeMenu } from './fakes';

describe('launch options', () => {
  it('defaults to the embedded backend without demo patrons', () => {
    expect(parseLaunchOptions(['.'], {})).toEqual({ demo: false, backendUrl: null, campus: null, machineSettings: null });
  });

  it('reads --demo and --backend-url=URL among Chromium switches', () => {
    expect(parseLaunchOptions(['.', '--no-sandbox', '--demo', '--campus=tunxis'], {})).toEqual({ demo: true, backendUrl: null, campus: 'tunxis', machineSettings: null });
    expect(parseLaunchOptions(['--inspect=9229', '--backend-url=https://chat.example.edu/'], {})).toEqual({
      demo: false,
      backendUrl: 'https://chat.example.edu/',
      campus: null,
      machineSettings: null,
    });
  });

  it('takes DESKBELL_BACKEND_URL when no flag is given; the flag wins', () => {
    expect(parseLaunchOptions([], { DESKBELL_BACKEND_URL: 'https://10.0.0.5:8443' }).backendUrl).toBe('https://10.0.0.5:8443/');
    expect(parseLaunchOptions([], { DESKBELL_BACKEND_URL: 'http://127.0.0.1:8080' }).backendUrl).toBe('http://127.0.0.1:8080/');
    expect(parseLaunchOptions(['--backend-url=https://a.example.edu'], { DESKBELL_BACKEND_URL: 'https://b.example.edu' }).backendUrl).toBe(
      'https://a.example.edu/',
    );
  });

  it('reads --machine-settings=PATH, and refuses it without a path', () => {
    expect(parseLaunchOptions(['.', '--machine-settings=/srv/deskbell/desk.json'], {}).machineSettings).toBe('/srv/deskbell/desk.json');
    expect(() => parseLaunchOptions(['--machine-settings'], {})).toThrow(LaunchOptionError);
    expect(() => parseLaunchOptions(['--machine-settings='], {})).toThrow(LaunchOptionError);
  });

  it('refuses malformed backend URLs, plain http except to this computer, a bare flag, a bad campus, and --demo or --campus with a backend', () => {
    for (const argv of [
      ['--backend-url=file:///etc/passwd'],
      ['--backend-url=nope'],
      ['--backend-url'],
      ['--campus'],
      ['--campus=Not A Campus'],
      ['--demo', '--backend-url=https://a.example.edu'],
      ['--campus=tunxis', '--backend-url=https://a.example.edu'],
    ]) {
      expect(() => parseLaunchOptions(argv, {})).toThrow(LaunchOptionError);
    }
    expect(() => parseLaunchOptions([], { DESKBELL_BACKEND_URL: 'ftp://x' })).toThrow(LaunchOptionError);
    // Sessions and passwords travel over it: plain http to another machine is refused, saying why.
    expect(() => parseLaunchOptions(['--backend-url=http://chat.example.edu'], {})).toThrow(/https:\/\/ address \(plain http only to this computer/);
    expect(() => parseLaunchOptions([], { DESKBELL_BACKEND_URL: 'http://10.0.0.5:8080' })).toThrow(/DESKBELL_BACKEND_URL: the backend must be an https/);
  });
});

describe('single instance', () => {
  function fakeApp(gotLock: boolean) {
    const listeners: (() => void)[] = [];
    return {
      listeners,
      requestSingleInstanceLock: () => gotLock,
      on: (_event: 'second-instance', listener: () => void) => listeners.push(listener),
    };
  }

  it('the first instance keeps running and brings itself up when launched again', () => {
    const app = fakeApp(true);
    let shown = 0;
    expect(claimSingleInstance(app, () => (shown += 1))).toBe(true);
    for (const listener of app.listeners) listener();
    expect(shown).toBe(1);
  });

  it('a second instance is told to quit', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(app.listeners).toEqual([]);
  });
});

describe('application menu', () => {
  for (const platform of ['darwin', 'win32', 'linux'] as const) {
    it(`has a Quit that quits, an Edit menu, and no developer tools in production (${platform})`, () => {
      const done: string[] = [];
      const template = appMenuTemplate(platform, false, { hideWindow: () => done.push('hide'), quit: () => done.push('quit') });
      new FakeMenu(template).click('quit');
      expect(done).toEqual(['quit']);
      expect(template.some((item) => item.role === 'editMenu')).toBe(true);
      expect(template.some((item) => item.role === 'viewMenu')).toBe(false);
      expect(appMenuTemplate(platform, true, { hideWindow: () => undefined, quit: () => undefined }).some((item) => item.role === 'viewMenu')).toBe(true);
    });
  }
});
