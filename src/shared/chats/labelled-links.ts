/**
 * Links in chat messages are never pasted bare: each travels as `[label](url)` inside the
 * message text, and both the librarian's board and the patron's widget show it as a link
 * whose visible text is the label. A link typed bare is found by linkify-it (./link-finder.ts)
 * and shown as a link whose text is the URL itself. Only http(s) and mailto links become links
 * (src/shared/external-links/safe-url.ts); anything else stays plain text. Only librarians' and
 * the system's `[label](url)` become labelled links: a patron's is shown exactly as typed, so a
 * patron cannot dress a phishing link up as "Tunxis library sign-in"; a patron's bare URL, whose
 * text is where it goes, is a link. Pure: the two pages build their DOM from these segments,
 * never from HTML.
 */
import { safeLinkUrl } from '../external-links/safe-url';
import { findLinks } from './link-finder';
import type { MessageFrom } from './schemas';

export { safeLinkUrl };

/** `bare`: found in the text as a URL (its label is the URL as written), not written as `[label](url)`. */
export type MessageSegment = { kind: 'text'; text: string } | { kind: 'link'; label: string; url: string; bare: boolean };

const MAX_LABEL = 200;

/** `[label](url)` for a message; brackets in the label and parentheses or spaces in the URL are made harmless. */
export function labelledLink(label: string, url: string): string {
  const text = label.replace(/[[\]\n\r]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL) || url;
  // encodeURIComponent leaves parentheses alone, and one would end the link early.
  const href = url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${text}](${href})`;
}

const LINK = /\[([^[\]\n\r]{1,200})\]\(([^()\s]{1,2000})\)/g;

/** Where the labelled links are in a text, and what each stands for (unsafe ones included, with url null). */
export function labelledLinksIn(text: string): { index: number; lastIndex: number; label: string; url: string | null }[] {
  return [...text.matchAll(LINK)].map((match) => ({
    index: match.index,
    lastIndex: match.index + match[0].length,
    label: (match[1] ?? '').trim(),
    url: safeLinkUrl(match[2] ?? ''),
  }));
}

/**
 * Where each `[label](url)` lies in `text`, as [start, end) offsets, whatever its URL: text is
 * cut around them, never through one (half a link would show its markup to the patron).
 */
export function linkRanges(text: string): { start: number; end: number }[] {
  return labelledLinksIn(text).map((link) => ({ start: link.index, end: link.lastIndex }));
}

/**
 * A message's text as plain runs, labelled links and bare links, in order. `labelled: false`
 * (a patron's line): every `[label](url)` stays text as typed, and nothing inside it is a link.
 */
export function messageSegments(text: string, { labelled = true }: { labelled?: boolean } = {}): MessageSegment[] {
  const segments: MessageSegment[] = [];
  const push = (plain: string) => {
    if (plain === '') return;
    const prev = segments[segments.length - 1];
    if (prev?.kind === 'text') prev.text += plain;
    else segments.push({ kind: 'text', text: plain });
  };
  /** A run outside labelled links: its bare links become links whose text is the URL as written. */
  const pushPlain = (plain: string) => {
    let at = 0;
    for (const link of findLinks(plain)) {
      push(plain.slice(at, link.index));
      segments.push({ kind: 'link', label: link.raw, url: link.url, bare: true });
      at = link.lastIndex;
    }
    push(plain.slice(at));
  };
  let last = 0;
  for (const link of labelledLinksIn(text)) {
    pushPlain(text.slice(last, link.index));
    if (labelled && link.url && link.label !== '') segments.push({ kind: 'link', label: link.label, url: link.url, bare: false });
    else push(text.slice(link.index, link.lastIndex));
    last = link.lastIndex;
  }
  pushPlain(text.slice(last));
  return segments;
}

/** A transcript line's segments: labelled links only in lines a librarian or the system wrote; bare links in any. */
export function lineSegments(from: MessageFrom, text: string): MessageSegment[] {
  return messageSegments(text, { labelled: from !== 'patron' });
}
