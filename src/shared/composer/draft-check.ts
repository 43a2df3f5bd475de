/**
 * What the reply box checks before a message goes: a link pasted bare (with a one-click fix
 * that labels it), a holiday-specific greeting, a template variable nobody filled in. Pure, so
 * the same checks are tested without a page.
 */
import { labelledLink, labelledLinksIn } from '../chats/labelled-links';
import { findLinks } from '../chats/link-finder';
import { holidayGreetings } from '../templates/holidays';
import { unfilledVariables } from '../templates/fill';

export type DraftWarning =
  | { kind: 'bare-link'; raw: string; url: string; index: number; lastIndex: number; label: string }
  | { kind: 'holiday'; phrase: string }
  | { kind: 'unfilled'; name: string };

const words = (text: string): string => text.replace(/[-_+]+/g, ' ').replace(/\s+/g, ' ').trim();
const capitalised = (text: string): string => (text === '' ? text : text[0]!.toUpperCase() + text.slice(1));

/**
 * A label for a bare link, from the link itself: "Interlibrary loan (library.ctstate.edu)" for
 * https://library.ctstate.edu/interlibrary-loan; the address for an email. The librarian can
 * edit it afterwards; it is never the bare URL.
 */
export function suggestedLabel(url: string): string {
  if (/^mailto:/i.test(url)) return url.slice('mailto:'.length).split('?')[0] ?? url;
  const match = /^https?:\/\/(?:www\.)?([^/?#:]+)(?::\d+)?([^?#]*)/i.exec(url);
  if (!match) return url;
  const host = match[1] ?? '';
  const segments = (match[2] ?? '').split('/').filter((s) => s !== '' && !/^(index|default)\.\w+$/i.test(s));
  let last = segments[segments.length - 1] ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    // a malformed escape: keep it as written
  }
  last = last.replace(/\.(html?|php|aspx?)$/i, '');
  const name = words(last);
  return name === '' || /^\d+$/.test(name) ? host : `${capitalised(name)} (${host})`;
}

/** Bare links in a draft: those not already inside a labelled link. */
export function bareLinks(draft: string): Extract<DraftWarning, { kind: 'bare-link' }>[] {
  const labelled = labelledLinksIn(draft);
  const inside = (i: number) => labelled.some((l) => i >= l.index && i < l.lastIndex);
  return findLinks(draft)
    .filter((link) => !inside(link.index))
    .map((link) => ({ kind: 'bare-link', raw: link.raw, url: link.url, index: link.index, lastIndex: link.lastIndex, label: suggestedLabel(link.url) }));
}

/** The draft with one bare link replaced by a labelled one. */
export function labelBareLink(draft: string, link: Pick<Extract<DraftWarning, { kind: 'bare-link' }>, 'index' | 'lastIndex' | 'url'>, label: string): string {
  return `${draft.slice(0, link.index)}${labelledLink(label, link.url)}${draft.slice(link.lastIndex)}`;
}

/** Every bare link labelled with its suggested label (one click fixes them all). */
export function labelAllBareLinks(draft: string): string {
  let out = draft;
  // From the end, so earlier positions stay valid.
  for (const link of bareLinks(draft).reverse()) out = labelBareLink(out, link, link.label);
  return out;
}

export function draftWarnings(draft: string): DraftWarning[] {
  return [
    ...bareLinks(draft),
    ...holidayGreetings(draft).map((phrase): DraftWarning => ({ kind: 'holiday', phrase })),
    ...unfilledVariables(draft).map((name): DraftWarning => ({ kind: 'unfilled', name })),
  ];
}
