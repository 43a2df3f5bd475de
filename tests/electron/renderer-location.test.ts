import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRequestHandler, APP_INDEX_URL, serveRenderer } from '../../src/main/electron/app-protocol';
import { loadRenderer, rendererLocationFrom, rendererUrlMatcher } from '../../src/main/electron/renderer-location';
import { RENDERER_CSP } from '../../src/shared/renderer-csp';
import { FakeWindow } from './fakes';

describe('renderer location', () => {
  it('is the dev server when electron-vite sets ELECTRON_RENDERER_URL, else the built folder served at deskbell://app/', () => {
    expect(rendererLocationFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, '/app/out/renderer')).toEqual({
      kind: 'dev-server',
      url: 'http://localhost:5173',
    });
    expect(rendererLocationFrom({}, '/app/out/renderer')).toEqual({ kind: 'app', dir: '/app/out/renderer' });
  });

  it('loads the dev server or our scheme, never a file: URL', async () => {
    const window = new FakeWindow({});
    await loadRenderer(window, { kind: 'dev-server', url: 'http://localhost:5173/' });
    await loadRenderer(window, { kind: 'app', dir: '/app/out/renderer' });
    expect(window.loaded).toEqual(['http://localhost:5173/', 'deskbell://app/index.html']);
  });

  it('built: only deskbell://app/index.html is our page, with any hash or query', () => {
    const ours = rendererUrlMatcher({ kind: 'app', dir: '/app/out/renderer' });
    expect(ours('deskbell://app/index.html')).toBe(true);
    expect(ours('deskbell://app/index.html#/chat/1?x=y')).toBe(true);
    expect(ours('deskbell://app/other.html')).toBe(false);
    expect(ours('deskbell://other/index.html')).toBe(false);
    expect(ours('deskbell://user:pw@app/index.html')).toBe(false);
    expect(ours('file:///app/out/renderer/index.html')).toBe(false);
    expect(ours('https://app/index.html')).toBe(false);
    expect(ours('garbage')).toBe(false);
  });

  it('dev server: its whole origin is ours, nothing else', () => {
    const ours = rendererUrlMatcher({ kind: 'dev-server', url: 'http://localhost:5173' });
    expect(ours('http://localhost:5173/')).toBe(true);
    expect(ours('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(ours('http://localhost:5174/')).toBe(false);
    expect(ours('http://127.0.0.1:5173/')).toBe(false);
    expect(ours('https://localhost:5173/')).toBe(false);
  });
});

describe('the deskbell:// protocol', () => {
  let dir: string;
  let root: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'deskbell-protocol-'));
    root = join(dir, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Deskbell</title>');
    writeFileSync(join(root, 'assets', 'ping-1.wav'), Buffer.from('RIFF0000WAVE'));
    writeFileSync(join(dir, 'secret.txt'), 'not for the renderer');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const get = (url: string, method = 'GET') => appRequestHandler(root)(new Request(url, { method }));

  it('serves the built renderer with its Content-Security-Policy and type', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain('<title>Deskbell</title>');
    const sound = await get('deskbell://app/assets/ping-1.wav');
    expect(sound.headers.get('content-type')).toBe('audio/wav');
    expect((await get('deskbell://app/')).status).toBe(200);
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves nothing outside the renderer folder, nothing of another host, and nothing but GET and HEAD', async () => {
    for (const url of [
      'deskbell://app/../secret.txt',
      'deskbell://app/%2e%2e/secret.txt',
      'deskbell://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'deskbell://app/..%5csecret.txt',
      'deskbell://app/missing.js',
      'deskbell://app/assets',
      'deskbell://other/index.html',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('not for the renderer');
    }
    expect((await get('deskbell://app/%00index.html')).status).toBe(400);
    expect((await get('deskbell://app/%E0%A4%A.html')).status).toBe(400);
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });

  it('is registered for the scheme by serveRenderer', async () => {
    const handlers = new Map<string, (request: Request) => Promise<Response>>();
    serveRenderer({ handle: (scheme, handler) => void handlers.set(scheme, handler) }, root);
    expect([...handlers.keys()]).toEqual(['deskbell']);
    expect((await handlers.get('deskbell')!(new Request(APP_INDEX_URL))).status).toBe(200);
  });
});
