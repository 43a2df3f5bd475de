/**
 * The renderer's Content-Security-Policy, one definition for every way it is served: the
 * Electron session's response header, the browser shell's header, and the page's own meta
 * tag (the fallback for file:// loads). The renderer loads only its own files; sounds may
 * come from data:/blob: URLs (howler); its only connection is the host (IPC or the bridge).
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "media-src 'self' data: blob:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** For response headers. */
export const RENDERER_CSP = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
/** For the meta tag: browsers ignore frame-ancestors there. */
export const RENDERER_CSP_META = DIRECTIVES.join('; ');
