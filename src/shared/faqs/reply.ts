import { labelledLink, labelledLinksIn, linkRanges } from '../chats/labelled-links';
import { labelAllBareLinks } from '../composer/draft-check';
import { MAX_TEXT_CHARS } from '../protocol/common';

/** Longest answer text put into a reply; chat favours short messages, the link carries the rest. */
const MAX_ANSWER_IN_REPLY = 700;

/** A cut point moved back to the start of the labelled link it would fall inside, if any. */
function outsideLinks(links: readonly { start: number; end: number }[], at: number): number {
  return links.find((link) => link.start < at && at < link.end)?.start ?? at;
}

/**
 * Cut at a sentence or word boundary near `max`, marking the cut; never inside a labelled link
 * (the cut moves before it). An answer that opens with a link too long to keep gives ''.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const links = linkRanges(text);
  const head = text.slice(0, outsideLinks(links, max));
  const free = (at: number): boolean => outsideLinks(links, at) === at;
  for (let i = head.length - 2; i > max * 0.5; i--) {
    if (head[i] === '.' && (head[i + 1] === ' ' || head[i + 1] === '\n') && free(i + 1)) return head.slice(0, i + 1);
  }
  for (let i = head.length - 1; i > max * 0.5; i--) {
    if (head[i] === ' ' && free(i)) return `${head.slice(0, i).trimEnd()}…`;
  }
  return head.trim() === '' ? '' : `${head.trimEnd()}…`;
}

/** The first safe labelled link of `text` that `kept` no longer holds, as written. */
function droppedLink(text: string, kept: string): string | null {
  const link = labelledLinksIn(text).find((l) => l.url !== null && !kept.includes(text.slice(l.index, l.lastIndex)));
  return link ? text.slice(link.index, link.lastIndex) : null;
}

/**
 * An FAQ as a reply to a patron: its answer (shortened for chat), then its permalink as a
 * labelled link named by the question. Never a bare URL: an address written bare in the answer
 * becomes a labelled link too. Without a permalink, a link the shortening cut off is kept as
 * the "More:" link, so the patron always gets where the answer points.
 */
export function faqReply(faq: { question: string; answer: string; permalink: string }): string {
  const permalink = faq.permalink ? labelledLink(faq.question, faq.permalink) : '';
  const full = labelAllBareLinks(faq.answer.trim());
  // Room for the link that ends the reply: the permalink, or the longest link the answer holds.
  const reserve = permalink.length || Math.max(0, ...labelledLinksIn(full).map((l) => l.lastIndex - l.index));
  const room = MAX_TEXT_CHARS - reserve - 10;
  const answer = shorten(full, Math.min(MAX_ANSWER_IN_REPLY, room));
  const link = permalink || droppedLink(full, answer) || '';
  if (!link) return answer || faq.question;
  return answer ? `${answer}\n\nMore: ${link}` : link;
}

/** Add text to a draft, on a new paragraph, within the message limit (never ending in half a link). */
export function appendToDraft(draft: string, text: string): string {
  const joined = draft.trim() === '' ? text : `${draft.trimEnd()}\n\n${text}`;
  if (joined.length <= MAX_TEXT_CHARS) return joined;
  return joined.slice(0, outsideLinks(linkRanges(joined), MAX_TEXT_CHARS)).trimEnd();
}
