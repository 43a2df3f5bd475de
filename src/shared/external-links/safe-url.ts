/**
 * The one rule for which links may become links and leave the app: http, https and mailto,
 * no credentials in the host part, no look-alike host that mixes scripts, nothing that could
 * break out of an attribute or the link syntax (spaces, quotes, angle brackets, backslashes),
 * at most 2,000 characters. Anything else (javascript:, file:, data:, custom schemes that launch
 * local programs) is refused, because the operating system is handed the URL as-is. Used by
 * message links on the board and the widget, the link finder, the FAQ importer, the core's
 * shell.openExternal call and the Electron window's link handling.
 */
import { z } from 'zod';
import { mixedScriptHost } from './look-alike-host';
import { safeMailto } from './mailto';

const MAX_URL = 2000;
const WebUrl = z.url({ protocol: /^https?$/ });

export { mixedScriptHost };

/**
 * The URL if it may be a link (http, https, mailto; no credentials, no look-alike host), else
 * null. A mailto link comes back with only its address, subject and body (./mailto.ts): use
 * what this returns, never the URL it was given.
 */
export function safeLinkUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL || /[\s<>"'`\\]/.test(raw)) return null;
  if (/^mailto:/i.test(raw)) return safeMailto(raw);
  if (!WebUrl.safeParse(raw).success) return null;
  // "https://library.edu@evil.example/" names a user, not the library: refused.
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? '';
  return authority === '' || authority.includes('@') || mixedScriptHost(authority) ? null : raw;
}

/** Whether `url` may leave the app as it is: a URL the rule would change (a mailto with a field it drops) may not. */
export function isSafeExternalUrl(url: unknown): url is string {
  return typeof url === 'string' && safeLinkUrl(url) === url;
}
