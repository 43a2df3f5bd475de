/**
 * The renderer session's security policy: a strict Content-Security-Policy on every
 * response, and permission prompts answered by rule instead of by the user.
 */
import { RENDERER_CSP } from '../../shared/renderer-csp';
import type { SessionLike } from './ports';

export { RENDERER_CSP };

/** Replaces any policy a response brought with ours (header names are case-insensitive). */
export function withRendererCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    next[name] = value;
  }
  next['Content-Security-Policy'] = [RENDERER_CSP];
  return next;
}

/**
 * Only our renderer may get a permission, and only these: desktop notifications, and
 * 'media' when nothing is to be captured (audio playback). Camera, microphone, location,
 * clipboard, HID and the rest are refused without a prompt.
 */
export function isPermissionAllowed(permission: string, fromOurRenderer: boolean, capture: readonly string[]): boolean {
  if (!fromOurRenderer) return false;
  if (permission === 'notifications') return true;
  if (permission === 'media') return capture.every((type) => type !== 'audio' && type !== 'video');
  return false;
}

export function applySessionPolicy(session: SessionLike, isOurRendererUrl: (url: string) => boolean): void {
  // Every response in this session belongs to our one window; external links open in the system browser.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withRendererCsp(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, isOurRendererUrl(details.requestingUrl ?? ''), details.mediaTypes ?? []));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, isOurRendererUrl(details.requestingUrl ?? requestingOrigin), details.mediaType ? [details.mediaType] : []),
  );
}
