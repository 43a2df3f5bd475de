/**
 * Links in chat messages are never pasted bare: each travels as `[label](url)` inside the
 * message text, and both the librarian's board and the patron's widget show it as a link
 * whose visible text is the label. Only http(s) and mailto links become links; anything else
 * stays plain text. Only librarians' and the system's lines carry links: a patron's text is shown
 * exactly as typed, so a patron cannot dress a phishing link up as "Tunxis library sign-in".
 * Pure: the two pages build their DOM from these segments.
 */
import { safeLinkUrl } from '../external-links/safe-url';
import type { MessageFrom } from './schemas';

export { safeLinkUrl };

export type MessageSegment = { kind: 'text'; text: string } | { kind: 'link'; label: string; url: string };

const MAX_LABEL = 200;

/** `[label](url)` for a message; brackets in the label and parentheses or spaces in the URL are made harmless. */
export function labelledLink(label: string, url: string): string {
  const text = label.replace(/[[\]\n\r]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL) || url;
  // encodeURIComponent leaves parentheses alone, and one would end the link early.
  const href = url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${text}](${href})`;
}

const LINK = /\[([^[\]\n\r]{1,200})\]\(([^()\s]{1,2000})\)/g;

/**
 * Where each `[label](url)` lies in `text`, as [start, end) offsets, whatever its URL: text is
 * cut around them, never through one (half a link would show its markup to the patron).
 */
export function linkRanges(text: string): { start: number; end: number }[] {
  return [...text.matchAll(LINK)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

/** A message's text as plain runs and labelled links, in order. */
export function messageSegments(text: string): MessageSegment[] {
  const segments: MessageSegment[] = [];
  let last = 0;
  const push = (plain: string) => {
    if (plain === '') return;
    const prev = segments[segments.length - 1];
    if (prev?.kind === 'text') prev.text += plain;
    else segments.push({ kind: 'text', text: plain });
  };
  for (const match of text.matchAll(LINK)) {
    const [whole, label = '', rawUrl = ''] = match;
    const url = safeLinkUrl(rawUrl);
    const label2 = label.trim();
    push(text.slice(last, match.index));
    if (url && label2 !== '') segments.push({ kind: 'link', label: label2, url });
    else push(whole);
    last = match.index + whole.length;
  }
  push(text.slice(last));
  return segments;
}

/** A transcript line's segments: links only in lines a librarian or the system wrote. */
export function lineSegments(from: MessageFrom, text: string): MessageSegment[] {
  return from === 'patron' ? (text === '' ? [] : [{ kind: 'text', text }]) : messageSegments(text);
}
