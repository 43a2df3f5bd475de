/**
 * Finds links in free text (a patron's message, a librarian's draft) with linkify-it, a kept
 * library, instead of home-made URL regexes. Only http, https and mailto links count; anything
 * else (javascript:, data:, ftp:, protocol-relative) stays plain text. A host that mixes
 * scripts ("gооgle.com" with Cyrillic o's) is a look-alike and is never made a link.
 */
import { LinkifyIt } from 'linkify-it';

/** Domains written without http:// are links only under these endings (not "notes.md" or "v1.2"). */
const FUZZY_TLDS = ['com', 'edu', 'gov', 'org', 'net', 'info', 'io', 'us', 'ca', 'uk', 'app', 'dev', 'biz', 'museum'];

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false, tlds: FUZZY_TLDS, maxLength: 2000 })
  .add('ftp:', null)
  .add('//', null);

export interface FoundLink {
  /** Where the link is in the text, and what was written there. */
  index: number;
  lastIndex: number;
  raw: string;
  /** The URL it stands for (http://, https:// or mailto:). */
  url: string;
}

const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u, /\p{Script=Han}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u];

/** The host's letters come from more than one script: a look-alike of another site. */
export function mixedScriptHost(host: string): boolean {
  const letters = host.replace(/[^\p{L}]/gu, '');
  return SCRIPTS.filter((script) => script.test(letters)).length > 1;
}

/** The host part of an http(s) URL as written (before any punycode), or null. */
function hostOf(url: string): string | null {
  const match = /^https?:\/\/([^/?#:@]*)/i.exec(url);
  return match ? (match[1] ?? '') : null;
}

/** http(s) and mailto only; no look-alike hosts, no credentials, nothing over 2,000 characters. */
export function isSafeLinkTarget(url: string): boolean {
  if (url.length > 2000 || /[\s<>"'`\\]/.test(url)) return false;
  if (/^mailto:/i.test(url)) return /^mailto:[^\s@/?]+@[^\s@/?]+(\?[^\s]*)?$/i.test(url) && !mixedScriptHost(url.slice(url.indexOf('@') + 1));
  if (!/^https?:\/\//i.test(url)) return false;
  const authority = /^https?:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  if (authority === '' || authority.includes('@')) return false;
  const host = hostOf(url);
  return host !== null && host !== '' && !mixedScriptHost(host);
}

/** Every safe link in the text, in order. Text of any length and content: never throws. */
export function findLinks(text: string): FoundLink[] {
  if (!linkify.test(text)) return [];
  const found: FoundLink[] = [];
  for (const match of linkify.match(text) ?? []) {
    if (isSafeLinkTarget(match.url)) found.push({ index: match.index, lastIndex: match.lastIndex, raw: match.raw, url: match.url });
  }
  return found;
}
