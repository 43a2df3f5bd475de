/**
 * Links in chat messages are never pasted bare: each travels as `[label](url)` inside the
 * message text, and both the librarian's board and the patron's widget show it as a link
 * whose visible text is the label. A link someone typed bare (a patron's, or an old message)
 * is found by linkify-it (./link-finder.ts) and shown as a link whose text is what was
 * written. Only http(s) and mailto links become links; anything else stays plain text. Pure:
 * the two pages build their DOM from these segments, never from HTML.
 */
import { z } from 'zod';
import { findLinks, isSafeLinkTarget } from './link-finder';

export type MessageSegment = { kind: 'text'; text: string } | { kind: 'link'; label: string; url: string; bare: boolean };

const MAX_LABEL = 200;
const MAX_URL = 2000;

const WebUrl = z.url({ protocol: /^https?$/ });

/** The URL if it may be a link in a message (http, https, mailto; no credentials, no look-alike host), else null. */
export function safeLinkUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL) return null;
  if (/^mailto:/i.test(raw)) return isSafeLinkTarget(raw) ? raw : null;
  if (!WebUrl.safeParse(raw).success) return null;
  // "https://library.edu@evil.example/" names a user, not the library: refused.
  return isSafeLinkTarget(raw) ? raw : null;
}

/** `[label](url)` for a message; brackets in the label and parentheses or spaces in the URL are made harmless. */
export function labelledLink(label: string, url: string): string {
  const text = label.replace(/[[\]\n\r]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL) || url;
  // encodeURIComponent leaves parentheses as they are; the link syntax needs them escaped.
  const href = url.replace(/[()\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : encodeURIComponent(c)));
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

/** A message's text as plain runs, labelled links and bare links, in order. */
export function messageSegments(text: string): MessageSegment[] {
  const segments: MessageSegment[] = [];
  const push = (plain: string) => {
    if (plain === '') return;
    const prev = segments[segments.length - 1];
    if (prev?.kind === 'text') prev.text += plain;
    else segments.push({ kind: 'text', text: plain });
  };
  /** A run outside labelled links: its bare links become links labelled as written. */
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
    if (link.url && link.label !== '') segments.push({ kind: 'link', label: link.label, url: link.url, bare: false });
    else push(text.slice(link.index, link.lastIndex));
    last = link.lastIndex;
  }
  pushPlain(text.slice(last));
  return segments;
}
