/**
 * The FAQ cache's layout. A cache of another version is dropped and synced again from the backend
 * (it is only a copy), so a change here is a version bump and nothing more.
 *
 * - `faqs` holds the FAQs; a changed FAQ is deleted and inserted again, never updated.
 * - `faq_fts` indexes every column, `faq_titles` only the question and topics: ranking asks which
 *   FAQs hold every word in the question, and the question's doclists are short even for words
 *   most answers hold. Both index the campus as a token, so a campus's search is one FTS5 query.
 * - Both indexes are contentless and keyed by the FAQ's rowid negated: the newest FAQ has the
 *   smallest key, so "newest first" is FTS5's ascending order, its faster direction (20-40% faster
 *   than descending, measured). No column sizes are kept: nothing ranks by bm25. They are written
 *   by FaqCache.apply (index-writes.ts), which takes an FAQ out with exactly the values it was
 *   put in with, as a contentless index requires.
 * - Prefix indexes of 2 to 8 characters: a typed prefix ("librar") is then one doclist read in
 *   order and stopped at the limit, where without one FTS5 first merges the doclists of every word
 *   with that prefix (about 5 ms for "librari*" at 50,000 FAQs). Each length costs about 3.5 MiB
 *   of `faq_fts` at 50,000 FAQs; one-letter prefixes are not indexed (a lone letter matches as a word).
 */
export const CACHE_VERSION = 3;

const FTS_OPTIONS = "content = '', columnsize = 0, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4 5 6 7 8'";

export const DROP_CACHE = `
  DROP TRIGGER IF EXISTS faqs_insert; DROP TRIGGER IF EXISTS faqs_delete;
  DROP TABLE IF EXISTS faq_vocab; DROP TABLE IF EXISTS faq_titles; DROP TABLE IF EXISTS faq_fts;
  DROP TABLE IF EXISTS faqs; DROP TABLE IF EXISTS meta;
`;

export const CACHE_SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE faqs (
    rowid INTEGER PRIMARY KEY,
    campus TEXT NOT NULL,
    campus_key TEXT NOT NULL,
    id TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    topics TEXT NOT NULL,
    permalink TEXT NOT NULL,
    updated INTEGER NOT NULL,
    rev INTEGER NOT NULL,
    UNIQUE (campus, id)
  );
  CREATE VIRTUAL TABLE faq_fts USING fts5(question, answer, topics, campus_key, ${FTS_OPTIONS});
  CREATE VIRTUAL TABLE faq_titles USING fts5(question, topics, campus_key, ${FTS_OPTIONS});
  CREATE VIRTUAL TABLE faq_vocab USING fts5vocab(faq_fts, 'row');
`;
