/**
 * Where the renderer comes from, and the one test of "is this URL our renderer?" that the
 * navigation guard and the IPC sender check share.
 */
import { pathToFileURL } from 'node:url';
import type { WindowLike } from './ports';

export type RendererLocation =
  /** electron-vite's dev server (ELECTRON_RENDERER_URL): the whole origin is ours. */
  | { kind: 'dev-server'; url: string }
  /** The built out/renderer/index.html: that one file is ours, with any hash or query. */
  | { kind: 'file'; path: string };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * A predicate that accepts only our renderer's URLs. For file: only the exact index.html
 * path counts (a file: origin is opaque, so "same origin" would admit any local file).
 * Case-insensitive file systems (Windows, macOS) compare paths case-insensitively.
 */
export function rendererUrlMatcher(location: RendererLocation, platform: NodeJS.Platform): (url: string) => boolean {
  if (location.kind === 'dev-server') {
    const origin = parse(location.url)?.origin;
    if (!origin || origin === 'null') throw new Error(`renderer dev-server URL is not a valid http(s) URL: ${location.url}`);
    return (url) => parse(url)?.origin === origin;
  }
  const fold = platform === 'win32' || platform === 'darwin' ? (s: string) => s.toLowerCase() : (s: string) => s;
  const expected = fold(pathToFileURL(location.path).pathname);
  return (url) => {
    const parsed = parse(url);
    return parsed !== null && parsed.protocol === 'file:' && (parsed.host === '' || parsed.host === 'localhost') && fold(parsed.pathname) === expected;
  };
}

/** Electron-vite's convention: the dev server URL in development, else the built file. */
export function rendererLocationFrom(env: Record<string, string | undefined>, builtIndexHtml: string): RendererLocation {
  const devUrl = env.ELECTRON_RENDERER_URL;
  return devUrl ? { kind: 'dev-server', url: devUrl } : { kind: 'file', path: builtIndexHtml };
}

export function loadRenderer(window: WindowLike, location: RendererLocation): Promise<void> {
  return location.kind === 'dev-server' ? window.loadURL(location.url) : window.loadFile(location.path);
}
