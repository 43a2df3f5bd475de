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

const MAX_URL = 2000;
const WebUrl = z.url({ protocol: /^https?$/ });
const Mailto = /^mailto:[^\s@/?]+@([^\s@/?]+)(\?[^\s]*)?$/i;

const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u, /\p{Script=Han}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u];

/** The host's letters come from more than one script ("gооgle.com" with Cyrillic o's): a look-alike of another site. */
export function mixedScriptHost(host: string): boolean {
  const letters = host.replace(/[^\p{L}]/gu, '');
  return SCRIPTS.filter((script) => script.test(letters)).length > 1;
}

/** The URL if it may be a link (http, https, mailto; no credentials, no look-alike host), else null. */
export function safeLinkUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL || /[\s<>"'`\\]/.test(raw)) return null;
  const mailto = Mailto.exec(raw);
  if (mailto) return mixedScriptHost(mailto[1] ?? '') ? null : raw;
  if (!WebUrl.safeParse(raw).success) return null;
  // "https://library.edu@evil.example/" names a user, not the library: refused.
  const authority = /^https?:\/\/([^/?#]*)/i.exec(raw)?.[1] ?? '';
  return authority === '' || authority.includes('@') || mixedScriptHost(authority) ? null : raw;
}

export function isSafeExternalUrl(url: unknown): url is string {
  return typeof url === 'string' && safeLinkUrl(url) !== null;
}
