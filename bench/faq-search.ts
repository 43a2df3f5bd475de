/**
 * FAQ search and sync at scale: 50,000 generated FAQs with a library vocabulary across the 18
 * campuses, served by a real backend, synced over HTTP into the desk's SQLite cache; then 200
 * queries as a librarian types them, searched with our cache and with MiniSearch over the same
 * FAQs in the same run, each in a fresh process of its own (run as `node --expose-gc --import tsx
 * bench/faq-search.ts faq-search-engine ...`) so that the memory measured is the engine's alone.
 * Nothing here asserts: figures are printed and saved.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import MiniSearch from 'minisearch';
import { FaqCache } from '../src/main/core/faqs/faq-cache';
import { syncCache } from '../src/main/core/faqs/sync';
import { startServer } from '../src/server';
import { defaultCampuses } from '../src/server/campuses/config';
import { type Summary, summarize } from './stats';

/** A seeded generator: the same FAQs and queries every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUBJECTS = [
  'library hours', 'printing', 'color printing', 'scanning', 'photocopies', 'interlibrary loan', 'book renewals', 'overdue fines', 'lost books',
  'course reserves', 'textbooks', 'study rooms', 'group study rooms', 'quiet floor', 'laptops', 'chargers', 'calculators', 'headphones',
  'wireless internet', 'guest wifi', 'student ID card', 'library card', 'off-campus access', 'database passwords', 'peer-reviewed articles',
  'CINAHL', 'JSTOR', 'ProQuest', 'Academic Search Complete', 'PubMed', 'nursing journals', 'APA citations', 'MLA citations', 'Chicago style',
  'research appointments', 'librarian consultations', 'tutoring', 'writing center', 'accessibility services', 'parking', 'lockers',
  'lost and found', 'eBooks', 'audiobooks', 'DVDs', 'streaming video', 'newspapers', 'microfilm', 'archives', 'special collections',
  'alumni access', 'community borrowers', 'high school students', 'faculty requests', 'purchase suggestions', 'holds', 'recalls',
  'printing credits', 'poster printing', '3D printing', 'makerspace', 'citation managers', 'Zotero', 'plagiarism', 'copyright',
  'open educational resources', 'library instruction', 'information literacy', 'orientation tours', 'holiday closures', 'summer hours',
  'finals week hours', 'food and drink', 'noise policy', 'computer labs', 'software', 'Microsoft Office', 'password resets', 'Blackboard',
];
const ASKS = ['How do I use', 'Where can I find', 'What is the policy on', 'Can I get help with', 'Who do I contact about', 'Is there a fee for', 'How long can I keep', 'When are', 'Do you offer', 'Can alumni use'];
const FILLER = [
  'Ask at the circulation desk', 'log in with your student ID and password', 'from off campus you will be asked to sign in', 'the reference librarians can help',
  'see the library website for details', 'items are due three weeks after checkout', 'renew online through your library account', 'fees are charged per page',
  'available on the first floor', 'bring your student ID card', 'requests usually arrive within a week', 'during the semester', 'contact the library by email',
  'use the chat service when the library is closed', 'open to current students, faculty and staff', 'limits apply during finals week',
];
const TOPICS = ['Borrowing', 'Hours', 'Printing', 'Technology', 'Research', 'Databases', 'Spaces', 'Policies', 'Accounts', 'Citations'];

interface GeneratedFaq {
  id: string;
  campus: string;
  question: string;
  answer: string;
  topics: string[];
  permalink: string;
}

export function generate(count: number, campuses: readonly string[], random: () => number): GeneratedFaq[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const campus = campuses[i % campuses.length] as string;
    const subject = pick(SUBJECTS);
    const sentences = Array.from({ length: 2 + Math.floor(random() * 4) }, () => `${pick(FILLER)}${random() < 0.4 ? ` for ${pick(SUBJECTS)}` : ''}.`);
    return {
      id: `g${i}`,
      campus,
      question: `${pick(ASKS)} ${subject} at the ${campus.replace(/-/g, ' ')} library?`,
      answer: `${subject[0]?.toUpperCase()}${subject.slice(1)}: ${sentences.join(' ')}`,
      topics: [pick(TOPICS), ...(random() < 0.3 ? [pick(TOPICS)] : [])].filter((t, k, a) => a.indexOf(t) === k),
      permalink: `https://${campus}.libanswers.example/faq/${i}`,
    };
  });
}

/** Queries as typed: 1 to 3 words, the last often cut short, common words such as "library" and "hours". */
export function queries(count: number, random: () => number): string[] {
  const words = [...new Set(SUBJECTS.join(' ').toLowerCase().split(/[\s-]+/))].filter((w) => w.length > 2);
  const common = ['library', 'hours', 'library hours', 'printing', 'renew', 'help', 'student', 'online'];
  return Array.from({ length: count }, (_, i) => {
    if (i % 10 === 0) return common[(i / 10) % common.length] as string;
    const n = 1 + Math.floor(random() * 3);
    const parts = Array.from({ length: n }, () => words[Math.floor(random() * words.length)] as string);
    const last = parts[n - 1] as string;
    if (random() < 0.5) parts[n - 1] = last.slice(0, Math.max(2, Math.ceil(last.length * (0.4 + random() * 0.5))));
    return parts.join(' ');
  });
}

const MiB = 2 ** 20;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * One engine in a process of its own. Latency is wall-clock time per query (what a librarian
 * waits), and CPU time per query (the work done, all threads, whatever else runs on the
 * machine). Memory is growth of the JS heap and of the resident set (SQLite's pages and
 * allocations are outside the heap).
 */
export interface EngineRun {
  scoped: Summary;
  allCampuses: Summary;
  scopedCpu: Summary;
  allCampusesCpu: Summary;
  meanHits: number;
  heapMiB: number;
  rssMiB: number;
}

export interface FaqBenchResult {
  faqs: number;
  queries: number;
  sync: { fullSeconds: number; fullPages: number; deltaChanges: number; deltaMs: number };
  ours: EngineRun & { fileMiB: number; indexMiB: number };
  minisearch: EngineRun & { buildSeconds: number; serializedMiB: number };
  /** The FAQs' text as JSON: what a MiniSearch desk would keep beside its index to show results. */
  faqTextMiB: number;
}

export async function faqSearchBench(total = 50_000, queryCount = 200): Promise<FaqBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'deskbell-bench-faqs-'));
  const server = await startServer({ dbPath: join(dir, 'backend.db'), port: 0, log: () => undefined, passwordHashN: 1 << 14 });
  let serverOpen = true;
  try {
    const campuses = defaultCampuses().map((c) => c.id);
    const random = rng(42);
    const faqs = generate(total, campuses, random);
    for (const campus of campuses) {
      const path = join(dir, `${campus}.json`);
      writeFileSync(path, JSON.stringify(faqs.filter((f) => f.campus === campus)));
      await server.importFaqs(campus, { kind: 'json', path });
    }
    server.addOperator({ username: 'bench', name: 'Bench', campus: 'tunxis', password: 'bench-password-1' });
    const login = await server.login('bench', 'bench-password-1');
    if (!login) throw new Error('bench sign-in failed');
    const backend = { url: server.url, token: login.token };

    // Full sync of everything, then a delta of 500 changed FAQs.
    const cachePath = join(dir, 'desk', 'faq-cache.db');
    const cache = new FaqCache(cachePath);
    let started = performance.now();
    const full = await syncCache(cache, backend, null, Date.now);
    const fullSeconds = (performance.now() - started) / 1000;
    const tunxis = faqs.filter((f) => f.campus === 'tunxis');
    const changed = tunxis.map((f, i) => (i < 500 ? { ...f, answer: `${f.answer} Updated for the new semester.` } : f));
    const path = join(dir, 'tunxis-delta.json');
    writeFileSync(path, JSON.stringify(changed));
    await server.importFaqs('tunxis', { kind: 'json', path });
    started = performance.now();
    const delta = await syncCache(cache, backend, null, Date.now);
    const deltaMs = performance.now() - started;
    cache.close();
    await server.close();
    serverOpen = false;

    // Each engine searches in a fresh process of its own, one after the other: the same start for both, and memory that is theirs alone.
    const typed = queries(queryCount, rng(7));
    const scopes = typed.map((_, i) => campuses[i % campuses.length] as string);
    // Other queries first, half of them scoped: a desk that has been in use a while, not a cold page cache.
    const warm = queries(100, rng(11)).map((q, i) => ({ q, scope: i % 2 ? (campuses[(i * 7) % campuses.length] as string) : null }));
    const queriesPath = join(dir, 'queries.json');
    writeFileSync(queriesPath, JSON.stringify({ typed, scopes, warm }));
    // MiniSearch over the same FAQs (as synced: Tunxis's 500 changed).
    const docsPath = join(dir, 'docs.json');
    const docs = [...faqs.filter((f) => f.campus !== 'tunxis'), ...changed];
    writeFileSync(docsPath, JSON.stringify(docs));
    const ours = runEngine('ours', cachePath, queriesPath) as EngineRun;
    const mini = runEngine('minisearch', docsPath, queriesPath) as EngineRun & { buildSeconds: number; serializedMiB: number };
    return {
      faqs: total,
      queries: typed.length,
      sync: { fullSeconds: round(fullSeconds, 2), fullPages: full.pages, deltaChanges: delta.changes, deltaMs: round(deltaMs) },
      ours: { ...ours, ...fileSizes(cachePath) },
      minisearch: mini,
      faqTextMiB: round(JSON.stringify(docs.map(({ question, answer, topics, permalink }) => ({ question, answer, topics, permalink }))).length / MiB),
    };
  } finally {
    if (serverOpen) await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cache file, and of it the FTS5 indexes alone (what compares with MiniSearch's serialized index). */
function fileSizes(path: string): { fileMiB: number; indexMiB: number } {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare<[], { name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all();
    const sum = (keep: (name: string) => boolean) => rows.filter((r) => keep(r.name)).reduce((n, r) => n + r.bytes, 0) / MiB;
    return { fileMiB: round(sum(() => true)), indexMiB: round(sum((name) => name.startsWith('faq_fts') || name.startsWith('faq_titles'))) };
  } finally {
    db.close();
  }
}

function runEngine(engine: 'ours' | 'minisearch', dataPath: string, queriesPath: string): unknown {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), CHILD, engine, dataPath, queriesPath], { encoding: 'utf8', maxBuffer: 16 * MiB });
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as unknown;
}

const CHILD = 'faq-search-engine';

const memory = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed / MiB, rss: rss / MiB };
};

interface QuerySet {
  typed: string[];
  scopes: string[];
  warm: { q: string; scope: string | null }[];
}

function timeQueries({ typed, scopes, warm }: QuerySet, search: (q: string, scope: string | null) => number) {
  // Warm up (the first queries on a cold page cache are not what a librarian sees all day).
  for (const { q, scope } of warm) search(q, scope);
  const time = (scoped: boolean) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    let hits = 0;
    typed.forEach((q, i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      hits += search(q, scoped ? (scopes[i] as string) : null);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    });
    return { wall: summarize(wall), cpu: summarize(cpu), meanHits: hits / typed.length };
  };
  const scoped = time(true);
  const all = time(false);
  return { scoped: scoped.wall, allCampuses: all.wall, scopedCpu: scoped.cpu, allCampusesCpu: all.cpu, meanHits: round(scoped.meanHits) };
}

/** One engine in this process: open (or build) it, time the queries, and measure what it holds. */
function engineChild(engine: string, dataPath: string, queriesPath: string): void {
  const set = JSON.parse(readFileSync(queriesPath, 'utf8')) as QuerySet;
  const before = memory();
  let result: Record<string, unknown>;
  if (engine === 'ours') {
    const cache = new FaqCache(dataPath);
    const timed = timeQueries(set, (q, scope) => cache.search(q, scope, 20).hits.length);
    const after = memory();
    result = { ...timed, heapMiB: round(after.heap - before.heap), rssMiB: round(after.rss - before.rss) };
    cache.close();
  } else {
    // Prefix and fuzzy on, question boosted: as close to ours as MiniSearch goes (it makes no snippets).
    type Doc = Omit<GeneratedFaq, 'topics'> & { topics: string };
    let docs: Doc[] | null = (JSON.parse(readFileSync(dataPath, 'utf8')) as GeneratedFaq[]).map((f) => ({ ...f, topics: f.topics.join(' ') }));
    const started = performance.now();
    const mini = new MiniSearch<Doc>({ fields: ['question', 'answer', 'topics'], storeFields: ['campus'], idField: 'id' });
    mini.addAll(docs);
    const buildSeconds = (performance.now() - started) / 1000;
    docs = null; // the documents go once indexed: the index is what stays
    const timed = timeQueries(set, (q, scope) =>
      mini
        .search(q, { prefix: true, fuzzy: 0.2, combineWith: 'AND', boost: { question: 8, topics: 4 }, ...(scope ? { filter: (r) => r.campus === scope } : {}) })
        .slice(0, 20).length,
    );
    const after = memory();
    result = { ...timed, heapMiB: round(after.heap - before.heap), rssMiB: round(after.rss - before.rss), buildSeconds: round(buildSeconds, 2), serializedMiB: round(JSON.stringify(mini).length / MiB) };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function printFaqBench(r: FaqBenchResult, fmt: (s: Summary, unit?: string) => string): void {
  console.log(`FAQ search over ${r.faqs.toLocaleString('en-US')} FAQs, ${r.queries} typed queries, each engine in a fresh process (ours: SQLite FTS5 cache, with snippets; MiniSearch: prefix + fuzzy 0.2, no snippets):`);
  const cpu = (s: Summary) => `CPU p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms`;
  console.log(`  ours, patron's campus   ${fmt(r.ours.scoped)}   ${cpu(r.ours.scopedCpu)}`);
  console.log(`  ours, all campuses      ${fmt(r.ours.allCampuses)}   ${cpu(r.ours.allCampusesCpu)}`);
  console.log(`  MiniSearch, campus      ${fmt(r.minisearch.scoped)}   ${cpu(r.minisearch.scopedCpu)}`);
  console.log(`  MiniSearch, all         ${fmt(r.minisearch.allCampuses)}   ${cpu(r.minisearch.allCampusesCpu)}`);
  console.log(
    `  memory after the queries (growth over the engine's empty process): ours ${r.ours.rssMiB} MiB resident, of it ${r.ours.heapMiB} MiB JS heap (the rest: SQLite's page cache, up to 16 MiB, V8's young generation, allocator slack); MiniSearch ${r.minisearch.rssMiB} MiB resident, of it ${r.minisearch.heapMiB} MiB JS heap (built in ${r.minisearch.buildSeconds} s)`,
  );
  console.log(`  on disk: ours ${r.ours.fileMiB} MiB file = ${r.ours.indexMiB} MiB FTS5 indexes + the FAQs; MiniSearch ${r.minisearch.serializedMiB} MiB serialized index + the FAQs' text it would keep beside it (${r.faqTextMiB} MiB as JSON)`);
  console.log(`  mean hits per scoped query: ours ${r.ours.meanHits}, MiniSearch ${r.minisearch.meanHits}`);
  console.log(`FAQ sync over HTTP: full ${r.faqs.toLocaleString('en-US')} in ${r.sync.fullSeconds} s (${r.sync.fullPages} pages); delta of ${r.sync.deltaChanges} in ${r.sync.deltaMs} ms`);
}

if (process.argv[2] === CHILD && process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [, , , engine = '', dataPath = '', queriesPath = ''] = process.argv;
  engineChild(engine, dataPath, queriesPath);
}
