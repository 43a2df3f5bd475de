/**
 * Links that a far service hands us (a LibAnswers ticket's address) become links only when they
 * are https, pass the one link rule (safe-url.ts) and, where the service's site is known, point at
 * that site: a data:, javascript: or plain http address, or one on another host, is never a link.
 */
import { safeLinkUrl } from './safe-url';

/** `raw` if it is an https link (on `siteHostname`, when given), else null. */
export function httpsLinkOn(raw: string, siteHostname?: string): string | null {
  if (safeLinkUrl(raw) === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  if (siteHostname !== undefined && url.hostname !== siteHostname.toLowerCase()) return null;
  return raw;
}
