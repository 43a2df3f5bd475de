/**
 * Where the renderer comes from, and the one test of "is this URL our renderer?" that the
 * navigation guard and the IPC sender check share.
 */
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol';
import type { WindowLike } from './ports';

export type RendererLocation =
  /** electron-vite's dev server (ELECTRON_RENDERER_URL): the whole origin is ours. */
  | { kind: 'dev-server'; url: string }
  /** The built out/renderer folder, served at deskbell://app/ (see app-protocol.ts): its index.html is our page. */
  | { kind: 'app'; dir: string };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * A predicate that accepts only our renderer's page URLs. Built: deskbell://app/index.html,
 * with any hash or query (the other files there are its subresources, never a page of ours).
 */
export function rendererUrlMatcher(location: RendererLocation): (url: string) => boolean {
  if (location.kind === 'dev-server') {
    const origin = parse(location.url)?.origin;
    if (!origin || origin === 'null') throw new Error(`renderer dev-server URL is not a valid http(s) URL: ${location.url}`);
    return (url) => parse(url)?.origin === origin;
  }
  return (url) => {
    const parsed = parse(url);
    return parsed !== null && `${parsed.protocol}//${parsed.host}` === APP_ORIGIN && parsed.pathname === '/index.html' && parsed.username === '' && parsed.password === '';
  };
}

/** Electron-vite's convention: the dev server URL in development, else the built folder. */
export function rendererLocationFrom(env: Record<string, string | undefined>, builtRendererDir: string): RendererLocation {
  const devUrl = env.ELECTRON_RENDERER_URL;
  return devUrl ? { kind: 'dev-server', url: devUrl } : { kind: 'app', dir: builtRendererDir };
}

export function loadRenderer(window: WindowLike, location: RendererLocation): Promise<void> {
  return window.loadURL(location.kind === 'dev-server' ? location.url : APP_INDEX_URL);
}
