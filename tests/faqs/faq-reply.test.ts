import { describe, expect, it } from 'vitest';
import { labelledLink, linkRanges, messageSegments } from '../../src/shared/chats/labelled-links';
import { bareLinks } from '../../src/shared/composer/draft-check';
import { appendToDraft, faqReply, shorten } from '../../src/shared/faqs/reply';
import { MAX_TEXT_CHARS } from '../../src/shared/protocol/common';

const LINK = labelledLink('the interlibrary loan request form', 'https://tunxis.libanswers.example/ill-request-form');

/** Every `[`…`](`…`)` in the text is a whole link: no markup left over from a cut. */
function linksAreWhole(text: string): boolean {
  const plain = messageSegments(text)
    .filter((s) => s.kind === 'text')
    .map((s) => (s.kind === 'text' ? s.text : ''))
    .join('');
  return !plain.includes('](') && !/\[[^\]]*$/.test(plain);
}

describe('a shortened FAQ answer never cuts a labelled link', () => {
  it('a link across the cut point: the cut moves before it (no sentence or word break past the half)', () => {
    // 650 characters without a space, then the link across the 700 mark.
    const answer = `${'x'.repeat(650)} ${LINK} and more text after it.`;
    const short = shorten(answer, 700);
    expect(short).toBe(`${'x'.repeat(650)}…`);
    expect(linksAreWhole(short)).toBe(true);
  });

  it('a word break inside the label is not a break: the space before the link is', () => {
    const answer = `${'Renew it online in your account and '.repeat(20).slice(0, 380)} See ${LINK}`.padEnd(500, ' tail');
    const max = answer.indexOf(LINK) + 20; // inside the label, which has spaces
    const short = shorten(answer, max);
    expect(linksAreWhole(short)).toBe(true);
    expect(short.endsWith('See…')).toBe(true);
  });

  it('a sentence end inside a label is not a sentence end', () => {
    const link = labelledLink('Circulation policy. See section 4', 'https://tunxis.libanswers.example/policy');
    const answer = `${'a'.repeat(400)} ${link} then ${'b'.repeat(400)}`;
    const max = answer.indexOf('. See section') + 8;
    const short = shorten(answer, max);
    expect(linksAreWhole(short)).toBe(true);
    expect(short).toBe(`${'a'.repeat(400)}…`);
  });

  it('a whole link before the cut is kept; an answer that opens with a too-long link gives only the permalink', () => {
    const answer = `Use ${LINK}. ${'More detail follows here. '.repeat(60)}`;
    const short = shorten(answer, 700);
    expect(short.startsWith(`Use ${LINK}.`)).toBe(true);
    expect(linksAreWhole(short)).toBe(true);
    const long = labelledLink('x', `https://tunxis.libanswers.example/${'p'.repeat(900)}`);
    const reply = faqReply({ question: 'Where is the form?', answer: `${long} is the form.`, permalink: 'https://tunxis.libanswers.example/faq/9' });
    expect(reply).toBe('[Where is the form?](https://tunxis.libanswers.example/faq/9)');
  });

  it('in a reply, every labelled link survives, whatever the cut', () => {
    for (let at = 640; at < 720; at += 3) {
      const answer = `${'w'.repeat(at)} ${LINK} ${'end '.repeat(40)}`;
      const reply = faqReply({ question: 'How do I request a book?', answer, permalink: 'https://tunxis.libanswers.example/faq/1' });
      expect(linksAreWhole(reply), `cut near ${at}`).toBe(true);
      expect(linkRanges(reply).length, `cut near ${at}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('a draft at the message limit ends before a link rather than inside it', () => {
    const draft = 'y'.repeat(MAX_TEXT_CHARS - 30);
    const joined = appendToDraft(draft, `See ${LINK}`);
    expect(joined.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(joined).toBe(`${draft}\n\nSee`);
    expect(linksAreWhole(joined)).toBe(true);
    expect(appendToDraft('Hi', 'there')).toBe('Hi\n\nthere');
  });
});

describe('an inserted FAQ keeps its links, each as a labelled link', () => {
  it('an address written bare in the answer becomes a labelled link (the reply box would flag it bare)', () => {
    const reply = faqReply({ question: 'Can I renew online?', answer: 'Yes: sign in at https://tunxis.example.edu/my-account and press Renew.', permalink: '' });
    expect(reply).toBe('Yes: sign in at [My account (tunxis.example.edu)](https://tunxis.example.edu/my-account) and press Renew.');
    expect(bareLinks(reply)).toEqual([]);
    const links = messageSegments(reply).filter((s) => s.kind === 'link');
    expect(links).toEqual([{ kind: 'link', label: 'My account (tunxis.example.edu)', url: 'https://tunxis.example.edu/my-account', bare: false }]);
  });

  it('with a permalink, the bare address in the answer is labelled too, and the permalink ends the reply', () => {
    const reply = faqReply({ question: 'Can I renew online?', answer: 'Sign in at https://tunxis.example.edu/my-account.', permalink: 'https://tunxis.libanswers.example/faq/201' });
    expect(reply).toBe('Sign in at [My account (tunxis.example.edu)](https://tunxis.example.edu/my-account).\n\nMore: [Can I renew online?](https://tunxis.libanswers.example/faq/201)');
    expect(bareLinks(reply)).toEqual([]);
  });

  it('without a permalink, a link the shortening cut off is kept as the "More:" link', () => {
    const form = labelledLink('the interlibrary loan request form', 'https://tunxis.example.edu/ill');
    const answer = `${'Interlibrary loan brings books from other libraries. '.repeat(16)}Request it with ${form}.`;
    const reply = faqReply({ question: 'How do I request a book from another library?', answer, permalink: '' });
    expect(reply.length).toBeLessThan(answer.length);
    expect(reply.endsWith(`\n\nMore: ${form}`)).toBe(true);
    expect(linksAreWhole(reply)).toBe(true);
  });
});
