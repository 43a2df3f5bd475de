/**
 * Finds bare links in free text (a librarian's draft, a line someone typed without a label)
 * with linkify-it, a kept library, instead of home-made URL regexes. Only what the one URL rule
 * allows counts (src/shared/external-links/safe-url.ts: http, https and mailto, no look-alike
 * hosts); anything else (javascript:, data:, ftp:, protocol-relative) stays plain text.
 */
import { LinkifyIt } from 'linkify-it';
import { safeLinkUrl } from '../external-links/safe-url';

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

/**
 * Whether a bare link's visible text is its URL: what was written is the URL itself, or the URL
 * less the scheme linkify-it added ("www.x.edu" for http://www.x.edu, "jo@x.edu" for mailto:).
 * Only then may it be shown as a link: its text then says where it goes.
 */
export const showsItsOwnUrl = (link: Pick<FoundLink, 'raw' | 'url'>): boolean =>
  link.url === link.raw || link.url === `http://${link.raw}` || link.url === `mailto:${link.raw}`;

/** Every safe bare link in the text, in order. Text of any length and content: never throws. */
export function findLinks(text: string): FoundLink[] {
  if (!linkify.test(text)) return [];
  const found: FoundLink[] = [];
  for (const match of linkify.match(text) ?? []) {
    // The URL as the rule leaves it: a mailto link it shortens no longer shows its own URL, so it stays text.
    const url = safeLinkUrl(match.url);
    const link = { index: match.index, lastIndex: match.lastIndex, raw: match.raw, url: url ?? '' };
    if (url !== null && showsItsOwnUrl(link)) found.push(link);
  }
  return found;
}
