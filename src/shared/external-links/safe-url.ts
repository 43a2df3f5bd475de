/**
 * The one rule for which links may become links and leave the app: http, https and mailto,
 * no credentials in the host part, at most 2,000 characters. Anything else (javascript:,
 * file:, data:, custom schemes that launch local programs) is refused, because the operating
 * system is handed the URL as-is. Used by message links on the board and the widget, the FAQ
 * importer, the core's shell.openExternal call and the Electron window's link handling.
 */
import { z } from 'zod';

const MAX_URL = 2000;
const WebUrl = z.url({ protocol: /^https?$/ });
const Mailto = /^mailto:[^\s@/?]+@[^\s@/?]+(\?[^\s]*)?$/i;

/** The URL if it may be a link (http, https, mailto; no credentials in the host part), else null. */
export function safeLinkUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL) return null;
  if (Mailto.test(raw)) return raw;
  if (!WebUrl.safeParse(raw).success) return null;
  // "https://library.edu@evil.example/" names a user, not the library: refused.
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? '';
  return authority === '' || authority.includes('@') ? null : raw;
}

export function isSafeExternalUrl(url: unknown): url is string {
  return typeof url === 'string' && safeLinkUrl(url) !== null;
}
