import { labelledLink } from '../chats/labelled-links';
import { MAX_TEXT_CHARS } from '../protocol/common';

/** Longest answer text put into a reply; chat favours short messages, the link carries the rest. */
const MAX_ANSWER_IN_REPLY = 700;

/** Cut at a sentence or word boundary near `max`, marking the cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentence > max * 0.5) return head.slice(0, sentence + 1);
  const word = head.lastIndexOf(' ');
  return `${head.slice(0, word > max * 0.5 ? word : max).trimEnd()}…`;
}

/**
 * An FAQ as a reply to a patron: its answer (shortened for chat), then its permalink as a
 * labelled link named by the question. Never a bare URL.
 */
export function faqReply(faq: { question: string; answer: string; permalink: string }): string {
  const link = faq.permalink ? labelledLink(faq.question, faq.permalink) : '';
  const room = MAX_TEXT_CHARS - link.length - 10;
  const answer = shorten(faq.answer.trim(), Math.min(MAX_ANSWER_IN_REPLY, room));
  if (!link) return answer || faq.question;
  return answer ? `${answer}\n\nMore: ${link}` : link;
}

/** Add text to a draft, on a new paragraph, within the message limit. */
export function appendToDraft(draft: string, text: string): string {
  const joined = draft.trim() === '' ? text : `${draft.trimEnd()}\n\n${text}`;
  return joined.slice(0, MAX_TEXT_CHARS);
}
