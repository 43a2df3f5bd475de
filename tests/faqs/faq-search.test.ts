import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaqCache, type SearchResult } from '../../src/main/core/faqs/faq-cache';
import { boundedDistance, closeTerms, stemPrefixes } from '../../src/main/core/faqs/fuzzy';
import { matcher } from '../../src/main/core/faqs/highlight';
import { campusKey, MAX_TERMS, queryTerms } from '../../src/main/core/faqs/query';
import { MAX_HITS } from '../../src/main/core/faqs/search';
import type { FaqChange } from '../../src/shared/faqs/schemas';

let dir: string;
let cache: FaqCache;

const faq = (campus: string, id: string, question: string, answer: string, topics: string[], rev: number): FaqChange => ({
  deleted: false,
  campus,
  id,
  question,
  answer,
  topics,
  permalink: `https://${campus}.example.edu/faq/${id}`,
  updated: 0,
  rev,
});

const CORPUS: [string, string, string, string, string[]][] = [
  ['tunxis', '1', 'What are the library hours?', 'The Tunxis library is open 8 am to 8 pm on weekdays.', ['Hours']],
  ['tunxis', '2', 'How do I renew books?', 'Renew online through My Account, or call the circulation desk.', ['Borrowing', 'Renewals']],
  ['tunxis', '3', 'Can I print in the library?', 'Printing costs 10 cents a page; color is 50 cents.', ['Printing']],
  ['tunxis', '4', 'Where do I find peer-reviewed articles for nursing?', 'Use CINAHL Complete: choose "peer reviewed" under limits.', ['Databases', 'Nursing']],
  ['tunxis', '5', 'Does the café take "NEAR" AND "OR" orders?', 'Quotes "and" (parentheses) are just text * here.', ['Odd']],
  ['gateway', '6', 'What are the library hours?', 'Gateway library hours vary by semester.', ['Hours']],
  ['gateway', '7', 'Where is the quiet study floor?', 'The third floor is quiet. Studying in groups is on the second floor.', ['Spaces']],
  ['gateway', '8', 'Are there overdue fines?', 'Gateway charges no overdue fines.', ['Borrowing']],
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deskbell-faq-search-'));
  cache = new FaqCache(join(dir, 'faq-cache.db'));
  cache.apply({ changes: CORPUS.map(([c, id, q, a, t], i) => faq(c, id, q, a, t, i + 1)), next: CORPUS.length, more: false }, 1);
});
afterAll(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (result: SearchResult) => result.hits.map((h) => h.id).sort();
const text = (runs: { text: string }[]) => runs.map((r) => r.text).join('');
const marked = (runs: { text: string; hit: boolean }[]) => runs.filter((r) => r.hit).map((r) => r.text.toLowerCase());

describe('FAQ search', () => {
  it('is scoped to a campus, or searches every campus', () => {
    expect(ids(cache.search('library hours', 'tunxis', 20))).toEqual(['1']);
    expect(ids(cache.search('library hours', 'gateway', 20))).toEqual(['6']);
    expect(ids(cache.search('library hours', null, 20))).toEqual(['1', '6']);
    // A real word (Gateway has it) that no Tunxis FAQ holds finds nothing at Tunxis: it is not "corrected" into another word.
    expect(cache.search('fines', 'tunxis', 20).hits).toEqual([]);
    // The campus is an index token no typed word can reach, whole or as a prefix.
    for (const query of [campusKey('gateway'), campusKey('gateway').slice(1), 'zz', '\ue000']) {
      expect(cache.search(query, null, 20).hits, query).toEqual([]);
      expect(cache.search(query, 'tunxis', 20).hits, query).toEqual([]);
    }
    const keyed = cache.search(`${campusKey('gateway')} hours`, 'tunxis', 20);
    expect(ids(keyed)).toEqual(['1']);
    expect(keyed.ignored).toEqual([campusKey('gateway').slice(1)]);
  });

  it('matches prefixes as they are typed', () => {
    expect(ids(cache.search('ren', 'tunxis', 20))).toEqual(['2']);
    expect(ids(cache.search('libr hou', 'tunxis', 20))).toEqual(['1']);
    expect(ids(cache.search('peer rev nurs', 'tunxis', 20))).toEqual(['4']);
  });

  it('tolerates plurals and other endings', () => {
    expect(ids(cache.search('hour', 'tunxis', 20))).toEqual(['1']);
    expect(ids(cache.search('libraries', 'tunxis', 20))).toEqual(['1', '3']);
    expect(ids(cache.search('renewing books', 'tunxis', 20))).toEqual(['2']);
    expect(ids(cache.search('studying', 'gateway', 20))).toEqual(['7']);
  });

  it('tolerates small typos, and leaves out a word that matches nothing at all', () => {
    expect(ids(cache.search('librery', 'tunxis', 20))).toEqual(['1', '3']);
    expect(ids(cache.search('prnting', 'tunxis', 20))).toEqual(['3']);
    expect(ids(cache.search('renwe', 'tunxis', 20))).toEqual(['2']);
    const partial = cache.search('renew xyzzyq', 'tunxis', 20);
    expect(ids(partial)).toEqual(['2']);
    expect(partial.ignored).toEqual(['xyzzyq']);
  });

  it('ranks a match in the question above one only in the answer', () => {
    const hits = cache.search('quiet', 'gateway', 20).hits;
    expect(hits[0]?.id).toBe('7');
    const print = cache.search('print', 'tunxis', 20).hits;
    expect(print[0]?.id).toBe('3');
  });

  it('returns the question and a snippet with the match marked, topics and permalink', () => {
    const [hit] = cache.search('renew', 'tunxis', 20).hits;
    expect(hit).toMatchObject({ campus: 'tunxis', id: '2', topics: ['Borrowing', 'Renewals'], permalink: 'https://tunxis.example.edu/faq/2' });
    expect(text(hit!.question)).toBe('How do I renew books?');
    expect(marked(hit!.question)).toEqual(['renew']);
    expect(marked(hit!.snippet)).toEqual(['renew']);
    expect(hit!.answer).toBe('Renew online through My Account, or call the circulation desk.');
  });

  it('finds a word typed past its stem, as it is typed letter by letter', () => {
    // The index holds stems ("print", "renew", "inform"): "printi" is no stem's prefix, yet is on the way to "printing".
    for (const typed of ['pri', 'print', 'printi', 'printin', 'printing']) expect(ids(cache.search(typed, 'tunxis', 20)), typed).toEqual(['3']);
    for (const typed of ['renewi', 'renewin', 'renewing']) expect(ids(cache.search(typed, 'tunxis', 20)), typed).toEqual(['2']);
    const local = new FaqCache(join(dir, 'stems.db'));
    try {
      local.apply({ changes: [faq('tunxis', 'i', 'Where is information about orientation?', 'See the orientation page.', [], 1)], next: 1, more: false }, 1);
      for (const typed of ['informati', 'informatio', 'orientati']) expect(ids(local.search(typed, 'tunxis', 20)), typed).toEqual(['i']);
      const [hit] = local.search('informati', 'tunxis', 20).hits;
      expect(marked(hit!.question)).toEqual(['information']);
    } finally {
      local.close();
    }
  });

  it('ranks every word in the question first, then in the topics, then the answer; newest first within each', () => {
    const local = new FaqCache(join(dir, 'ranking.db'));
    try {
      // The question match is the oldest FAQ, behind 300 newer FAQs with the word only in the answer.
      const changes = [
        faq('tunxis', 'question', 'Where are the lockers?', 'By the stairs.', [], 1),
        faq('tunxis', 'topic', 'Can I keep my bag here?', 'Ask at the desk.', ['Lockers'], 2),
        ...Array.from({ length: 300 }, (_, i) => faq('tunxis', `answer-${i}`, `Question ${i}?`, 'The lockers are downstairs.', [], 3 + i)),
      ];
      local.apply({ changes, next: changes.length, more: false }, 1);
      const hits = local.search('locker', 'tunxis', 5).hits.map((h) => h.id);
      expect(hits).toEqual(['question', 'topic', 'answer-299', 'answer-298', 'answer-297']);
      // A changed FAQ is the newest: it comes first among the answer-only matches.
      local.apply({ changes: [faq('tunxis', 'answer-5', 'Question 5, changed?', 'The lockers moved.', [], 400)], next: 400, more: false }, 2);
      expect(local.search('locker', 'tunxis', 3).hits.map((h) => h.id)).toEqual(['question', 'topic', 'answer-5']);
      // Every word counts for the tier: "lockers stairs" is in no question whole, so the answer decides.
      expect(local.search('lockers stairs', 'tunxis', 5).hits.map((h) => h.id)).toEqual(['question']);
    } finally {
      local.close();
    }
  });

  it('returns at most the hits asked for, and none for a limit that is not a positive number', () => {
    const local = new FaqCache(join(dir, 'limits.db'));
    try {
      const changes = Array.from({ length: MAX_HITS + 10 }, (_, i) => faq('tunxis', `q${i}`, `Printing question ${i}?`, 'Print here.', [], i + 1));
      local.apply({ changes, next: changes.length, more: false }, 1);
      expect(local.search('printing', 'tunxis', 7).hits).toHaveLength(7);
      expect(local.search('printing', 'tunxis', 10_000).hits).toHaveLength(MAX_HITS);
      for (const limit of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(local.search('printing', 'tunxis', limit).hits).toEqual([]);
    } finally {
      local.close();
    }
  });

  it('learns the words of newly synced FAQs for typo tolerance', () => {
    const local = new FaqCache(join(dir, 'vocabulary.db'));
    try {
      local.apply({ changes: [faq('tunxis', 'a', 'Where is the zeppelin exhibit?', 'Second floor.', [], 1)], next: 1, more: false }, 1);
      expect(ids(local.search('zepelin', 'tunxis', 5))).toEqual(['a']);
      // A word that arrives after the typo lookups began is known to them too.
      local.apply({ changes: [faq('tunxis', 'b', 'Is there a zither?', 'Yes, in the music room.', [], 2)], next: 2, more: false }, 2);
      expect(ids(local.search('zithre', 'tunxis', 5))).toEqual(['b']);
      // The first two letters swapped.
      expect(ids(local.search('ezppelin', 'tunxis', 5))).toEqual(['a']);
    } finally {
      local.close();
    }
  });

  it('matches a lone letter or digit as a word', () => {
    const local = new FaqCache(join(dir, 'letters.db'));
    try {
      local.apply({ changes: [faq('tunxis', 'c', 'Is there help with C programming?', 'Yes.', [], 1), faq('tunxis', 'cafe', 'Is the cafe open?', 'Yes.', [], 2)], next: 2, more: false }, 1);
      expect(ids(local.search('c', 'tunxis', 5))).toEqual(['c']);
      expect(ids(local.search('ca', 'tunxis', 5))).toEqual(['cafe']);
    } finally {
      local.close();
    }
  });

  it('keeps the indexes in step with the FAQs through changes and deletions within one page', () => {
    const local = new FaqCache(join(dir, 'writes.db'));
    try {
      local.apply({ changes: [faq('tunxis', 'a', 'Alpha question?', 'First.', [], 1), faq('tunxis', 'b', 'Bravo question?', 'Second.', [], 2)], next: 2, more: false }, 1);
      const gone = (id: string, rev: number): FaqChange => ({ deleted: true, campus: 'tunxis', id, rev });
      // b, the newest, goes and c may take its rowid; a changes twice; d comes and goes.
      const changes = [
        gone('b', 3),
        faq('tunxis', 'c', 'Charlie question?', 'Third.', [], 4),
        faq('tunxis', 'a', 'Alpha changed?', 'Changed once.', [], 5),
        faq('tunxis', 'a', 'Alpha changed again?', 'Changed twice.', [], 6),
        faq('tunxis', 'd', 'Delta question?', 'Fourth.', [], 7),
        gone('d', 8),
      ];
      local.apply({ changes, next: 8, more: false }, 2);
      expect(local.check()).toEqual({ integrity: 'ok', index: true });
      expect(local.count).toBe(2);
      expect(ids(local.search('question', 'tunxis', 5))).toEqual(['c']);
      expect(local.search('alpha', 'tunxis', 5).hits.map((h) => h.answer)).toEqual(['Changed twice.']);
      expect(ids(local.search('changed', null, 5))).toEqual(['a']);
      for (const word of ['bravo', 'delta', 'first', 'once']) expect(local.search(word, 'tunxis', 5).hits, word).toEqual([]);
      local.apply({ changes: [faq('tunxis', 'e', 'Echo changed?', 'Fifth.', [], 9)], next: 9, more: false }, 3);
      expect(local.search('changed', 'tunxis', 5).hits.map((h) => h.id)).toEqual(['e', 'a']);
      local.reset('http://elsewhere.example');
      expect(local.count).toBe(0);
      expect(local.search('changed', null, 5).hits).toEqual([]);
      expect(local.check()).toEqual({ integrity: 'ok', index: true });
    } finally {
      local.close();
    }
  });

  it('never lets FAQ text fake a highlight mark', () => {
    const local = new FaqCache(join(dir, 'marks.db'));
    try {
      local.apply({ changes: [faq('tunxis', 'x', 'Tricky \u0001mark\u0002 question', 'Answer \u0001with\u0002 marks', [], 1)], next: 1, more: false }, 1);
      // The wire schema strips the marks on the way in; here the cache is fed raw, and strips them itself.
      const [hit] = local.search('tricky', 'tunxis', 5).hits;
      expect(marked(hit!.question)).toEqual(['tricky']);
    } finally {
      local.close();
    }
  });
});

describe('highlighting agrees with the stems the search used', () => {
  it('marks plural and singular forms of a word, and not mere look-alikes', () => {
    const study = matcher(['study']);
    expect(['study', 'studies', 'Studying'].every(study)).toBe(true);
    expect(study('student')).toBe(false);
    const libraries = matcher(['libraries']);
    expect(['library', 'libraries', 'librarian'].every(libraries)).toBe(true);
    expect(libraries('liberty')).toBe(false);
  });
});

/** Every query the issue names, and worse; each must return normally. */
const HOSTILE: [string, string][] = [
  ['double quotes', '"library hours"'],
  ['an unbalanced quote', '"library hours'],
  ['a star', '*'],
  ['a prefix star', 'lib*'],
  ['NEAR', 'NEAR(library hours)'],
  ['NEAR alone', 'NEAR'],
  ['AND', 'library AND hours'],
  ['AND alone', 'AND'],
  ['OR NOT', 'library OR NOT hours'],
  ['unbalanced parentheses', '((library'],
  ['closing parentheses', 'hours))'],
  ['a column filter', 'question: hours'],
  ['a campus filter', 'campus_key : zz0'],
  ['braces', '{question answer}: hours'],
  ['a caret', '^library'],
  ['a plus', 'library + hours'],
  ['emoji', '📚 hours 🕘'],
  ['emoji only', '📚🕘'],
  ['zero-width joiners', 'lib\u200drary'],
  ['combining marks', 'cafe\u0301'],
  ['right-to-left text', 'مكتبة hours'],
  ['CJK', '图书馆 開館時間'],
  ['control characters', 'hours\u0000\u0001\u0002'],
  ['lone surrogates', 'hours \ud800 \udfff'],
  ['SQL', "'; DROP TABLE faqs; --"],
  ['only spaces', '     '],
  ['empty', ''],
  ['10,000 characters', 'library '.repeat(1250)],
  ['10,000 characters without a space', 'x'.repeat(10_000)],
  ['100,000 characters', 'hours? '.repeat(14_286)],
  ['many words', Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ')],
];

describe('any text is a valid query', () => {
  it.each(HOSTILE)('%s', (_name, query) => {
    for (const campus of ['tunxis', null]) {
      const result = cache.search(query, campus, 20);
      expect(Array.isArray(result.hits)).toBe(true);
    }
  });

  it('reads quotes, operators and emoji as words, and finds what was typed', () => {
    // The FAQ that holds the words "near", "and", "or" as text is found by them.
    expect(ids(cache.search('"NEAR" AND "OR"', 'tunxis', 20))).toEqual(['5']);
    expect(ids(cache.search('(parentheses', 'tunxis', 20))).toEqual(['5']);
    expect(ids(cache.search('"library hours"', 'tunxis', 20))).toEqual(['1']);
    expect(ids(cache.search('📚 hours', 'gateway', 20))).toEqual(['6']);
    expect(ids(cache.search('café', 'tunxis', 20))).toEqual(['5']);
    expect(ids(cache.search('cafe', 'tunxis', 20))).toEqual(['5']);
    expect(queryTerms('x'.repeat(10_000))).toEqual(['x'.repeat(40)]);
    expect(queryTerms(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_TERMS);
  });

  it('property: no string throws, and every hit is in scope (fast-check)', () => {
    const words = fc.constantFrom('library', 'hours', 'renew', 'NEAR', 'AND', 'OR', 'NOT', '"', '*', '(', ')', ':', '^', '{', '}', '📚', 'é', '\u0301', '-', '+', "'");
    const query = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(words, { maxLength: 12 }).map((parts) => parts.join(' ')),
      fc.array(words, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(query, fc.constantFrom('tunxis', 'gateway', null), (q, campus) => {
        const result = cache.search(q, campus, 10);
        for (const hit of result.hits) if (campus !== null) expect(hit.campus).toBe(campus);
      }),
      { numRuns: 1_500 },
    );
  });
});

describe('close spellings', () => {
  it('counts edits with transpositions, and gives up past the bound', () => {
    expect(boundedDistance('library', 'library', 2)).toBe(0);
    expect(boundedDistance('librray', 'library', 2)).toBe(1);
    expect(boundedDistance('librery', 'librari', 2)).toBe(2);
    expect(boundedDistance('hours', 'printing', 2)).toBe(Infinity);
  });

  it('finds index stems near a word, nearest and commonest first; none for short words', () => {
    const vocabulary = [
      { term: 'librari', docs: 40 },
      { term: 'liberti', docs: 2 },
      { term: 'hour', docs: 30 },
    ];
    expect(closeTerms('librarys', vocabulary)).toEqual(['librari']);
    expect(closeTerms('hor', vocabulary)).toEqual([]);
  });

  it('cuts a word typed past its stem back only by a word ending', () => {
    expect(stemPrefixes('printi')).toEqual(['print']);
    expect(stemPrefixes('informati')).toEqual(['informat', 'inform']);
    // "net" begins no ending: "studnet" is a typo, for closeTerms, not a stem.
    expect(stemPrefixes('studnet')).toEqual([]);
    expect(stemPrefixes('abc')).toEqual([]);
  });
});
