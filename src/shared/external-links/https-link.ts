/**
 * Links that a far service hands us (a LibAnswers ticket's address) become links only when they
 * are https, pass the one link rule (safe-url.ts) and, where the service's site is known, point at
 * that site: a data:, javascript: or plain http address, or one on another host, is never a link.
 */
import { safeLinkUrl } from './safe-url';

/** The host name of an https link's authority, lower-cased, without its port (safe-url has refused credentials in it). */
function hostnameOf(raw: string): string | null {
  const authority = /^https:\/\/([^/?#]*)/i.exec(raw)?.[1];
  if (authority === undefined) return null;
  const host = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(authority)?.[1];
  return host ? host.toLowerCase() : null;
}

/** `raw` if it is an https link (on `siteHostname`, when given: compared as written, so a look-alike spelling is refused), else null. */
export function httpsLinkOn(raw: string, siteHostname?: string): string | null {
  if (safeLinkUrl(raw) === null) return null;
  const hostname = hostnameOf(raw);
  if (hostname === null) return null;
  if (siteHostname !== undefined && hostname !== siteHostname.toLowerCase()) return null;
  return raw;
}
