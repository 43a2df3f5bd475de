import type Database from 'better-sqlite3';
import type { FaqHit } from '../../../shared/faqs/schemas';
import { closeTerms, stemPrefixes, type VocabularyTerm } from './fuzzy';
import { highlight, matcher, snippet } from './highlight';
import { campusKey, type FaqColumn, foldWord, isCampusKey, matchExpression, queryTerms, termExpression } from './query';
import { Vocabulary } from './vocabulary';
import { jsonStrings } from '../../../shared/narrow';

/** Results a search returns at most (as many as the `faqs.search` call may ask for). */
export const MAX_HITS = 50;

type Index = 'faq_titles' | 'faq_fts';
/**
 * The ranking, best first: every word in the question; every word in the question or topics;
 * every word anywhere. Newest first within each. Each tier is one FTS5 query in key order
 * that stops once it has enough rows, so no FAQ is scored and the work stays small however
 * many FAQs hold a common word (bm25, or `ORDER BY rank`, reads every match: the slow path).
 * The first two ask the question-and-topics index, whose doclists are short.
 */
const TIERS: readonly { index: Index; columns?: readonly FaqColumn[] }[] = [
  { index: 'faq_titles', columns: ['question'] },
  { index: 'faq_titles' }, // question or topics
  { index: 'faq_fts' }, // anywhere
];

/** A query word as the index matches it, and the words to mark in results for it. */
interface Word {
  expression: string;
  marks: string[];
}
const expressions = (words: readonly Word[]): string[] => words.map((w) => w.expression);

interface FaqRow {
  rowid: number;
  campus: string;
  id: string;
  question: string;
  topics: string;
  permalink: string;
  answer: string;
}

export interface SearchResult {
  hits: FaqHit[];
  /** Words that matched nothing, even spelt a little differently: left out of the search. */
  ignored: string[];
}

/** Search as you type over the FAQ cache's tables (see cache-schema.ts). */
export class FaqSearch {
  private readonly statements;
  private readonly vocabulary: Vocabulary;

  constructor(db: Database.Database) {
    const inOrder = (index: Index) => db.prepare<[string, number], number>(`SELECT rowid FROM ${index} WHERE ${index} MATCH ? ORDER BY rowid LIMIT ?`).pluck();
    this.statements = {
      faq_titles: inOrder('faq_titles'),
      faq_fts: inOrder('faq_fts'),
      rows: db.prepare<[string], FaqRow>('SELECT rowid, campus, id, question, topics, permalink, answer FROM faqs WHERE rowid IN (SELECT -value FROM json_each(?))'),
      vocabulary: db.prepare<[string, string], VocabularyTerm>('SELECT term, doc AS docs FROM faq_vocab WHERE term >= ? AND term < ?'),
    };
    this.vocabulary = new Vocabulary((from, to) => this.statements.vocabulary.all(from, to).filter((v) => !isCampusKey(v.term) && v.term.length >= 3));
  }

  /**
   * Every word must match (as a prefix, and through its stem, so plurals match), within the
   * campus unless `campus` is null. When nothing matches, each word that no FAQ anywhere holds is
   * tried cut back to its stem, then with close spellings from the index; a word that matches
   * nothing even so is left out and reported.
   */
  search(query: string, campus: string | null, limit: number): SearchResult {
    const wanted = Number.isFinite(limit) ? Math.max(0, Math.min(Math.floor(limit), MAX_HITS)) : 0;
    const terms = queryTerms(query);
    if (terms.length === 0 || wanted === 0) return { hits: [], ignored: [] };
    const scope = campus === null ? null : campusKey(campus);
    let words = terms.map((term): Word => ({ expression: termExpression(term), marks: [term] }));
    let ignored: string[] = [];
    let keys = this.rank(words, scope, wanted);
    if (keys.length === 0) {
      const tolerated = this.tolerate(terms);
      const changed = tolerated.ignored.length > 0 || tolerated.words.some((w) => w.marks.length > 1);
      if (!changed) return { hits: [], ignored: [] };
      ({ words, ignored } = tolerated);
      keys = words.length > 0 ? this.rank(words, scope, wanted) : [];
    }
    const isHit = matcher(words.flatMap((w) => w.marks));
    const hits = this.rows(keys).map(
      (row): FaqHit => ({
        campus: row.campus,
        id: row.id,
        question: highlight(row.question, isHit),
        snippet: snippet(row.answer, isHit),
        topics: jsonStrings(row.topics),
        permalink: row.permalink,
        answer: row.answer,
      }),
    );
    return { hits, ignored };
  }

  /** The FAQs changed: the words learnt for typo tolerance may be stale. */
  changed(): void {
    this.vocabulary.clear();
  }

  /** The best `limit` FAQs' index keys (rowids negated), tier by tier (see TIERS). */
  private rank(words: readonly Word[], scope: string | null, limit: number): number[] {
    const chosen: number[] = [];
    const seen = new Set<number>();
    for (const { index, columns } of TIERS) {
      if (chosen.length >= limit) break;
      // A tier holds the ones before it: ask for enough to fill the rest after those.
      for (const key of this.statements[index].all(matchExpression(expressions(words), scope, columns), limit + chosen.length)) {
        if (chosen.length < limit && !seen.has(key)) {
          seen.add(key);
          chosen.push(key);
        }
      }
    }
    return chosen;
  }

  /**
   * The words of a query that found nothing, as the index can match them: a word some FAQ holds
   * stays as typed (if no FAQ in scope has it, there are no results, truthfully); another is cut
   * back to its stem ("printi" on the way to "printing" is "print"), or widened with close
   * spellings, or left out.
   */
  private tolerate(terms: readonly string[]): { words: Word[]; ignored: string[] } {
    const words: Word[] = [];
    const ignored: string[] = [];
    const matches = (expression: string) => this.statements.faq_fts.all(matchExpression([expression], null), 1).length > 0;
    for (const term of terms) {
      const own = termExpression(term);
      if (matches(own)) {
        words.push({ expression: own, marks: [term] });
        continue;
      }
      const stem = stemPrefixes(term).find((prefix) => matches(termExpression(prefix)));
      if (stem !== undefined) {
        words.push({ expression: termExpression(stem), marks: [term, stem] });
        continue;
      }
      const folded = foldWord(term);
      const close = closeTerms(folded, this.vocabulary.near(folded));
      const widened = termExpression(term, close);
      if (close.length > 0 && matches(widened)) words.push({ expression: widened, marks: [term, ...close] });
      else ignored.push(term);
    }
    return { words, ignored };
  }

  /** The FAQs of these index keys, in this order. */
  private rows(keys: readonly number[]): FaqRow[] {
    if (keys.length === 0) return [];
    const byKey = new Map(this.statements.rows.all(JSON.stringify(keys)).map((row) => [-row.rowid, row]));
    return keys.flatMap((key) => byKey.get(key) ?? []);
  }
}
