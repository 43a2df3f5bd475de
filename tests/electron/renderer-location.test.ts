import { describe, expect, it } from 'vitest';
import { loadRenderer, rendererLocationFrom, rendererUrlMatcher } from '../../src/main/electron/renderer-location';
import { FakeWindow } from './fakes';

describe('renderer location', () => {
  it('is the dev server when electron-vite sets ELECTRON_RENDERER_URL, else the built file', () => {
    expect(rendererLocationFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/app/out/renderer/index.html')).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173',
    });
    expect(rendererLocationFrom({}, '/app/out/renderer/index.html')).toEqual({ kind: 'file', path: '/app/out/renderer/index.html' });
  });

  it('loads a URL or a file accordingly', async () => {
    const window = new FakeWindow({});
    await loadRenderer(window, { kind: 'dev-server', url: 'http://localhost:5173/' });
    await loadRenderer(window, { kind: 'file', path: '/app/out/renderer/index.html' });
    expect(window.loaded).toEqual(['http://localhost:5173/', 'file:/app/out/renderer/index.html']);
  });

  it('built file: only that index.html is ours, with any hash or query', () => {
    const ours = rendererUrlMatcher({ kind: 'file', path: '/app/out/renderer/index.html' }, 'linux');
    expect(ours('file:///app/out/renderer/index.html')).toBe(true);
    expect(ours('file:///app/out/renderer/index.html#/chat/1?x=y')).toBe(true);
    expect(ours('file:///app/out/renderer/other.html')).toBe(false);
    expect(ours('file:///app/out/renderer/../renderer/index.html')).toBe(true); // normalised by URL parsing
    expect(ours('file://fileserver/app/out/renderer/index.html')).toBe(false);
    expect(ours('file:///APP/out/renderer/index.html')).toBe(false);
    expect(ours('https://app/out/renderer/index.html')).toBe(false);
    expect(ours('garbage')).toBe(false);
  });

  it('built file on case-insensitive file systems compares paths case-insensitively', () => {
    const ours = rendererUrlMatcher({ kind: 'file', path: '/Applications/Deskbell.app/out/renderer/index.html' }, 'darwin');
    expect(ours('file:///applications/deskbell.app/out/renderer/index.html')).toBe(true);
  });

  it('dev server: its whole origin is ours, nothing else', () => {
    const ours = rendererUrlMatcher({ kind: 'dev-server', url: 'http://localhost:5173' }, 'linux');
    expect(ours('http://localhost:5173/')).toBe(true);
    expect(ours('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(ours('http://localhost:5174/')).toBe(false);
    expect(ours('http://127.0.0.1:5173/')).toBe(false);
    expect(ours('https://localhost:5173/')).toBe(false);
  });
});
