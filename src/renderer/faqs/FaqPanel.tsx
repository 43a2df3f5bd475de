import { useEffect, useRef, useState } from 'react';
import type { FaqHit, TextRun } from '../../shared/faqs/schemas';
import { faqReply } from '../../shared/faqs/reply';
import { useAnsweringCampus, useComposerTarget } from '../chats/composer-target';
import { useAppStore } from '../store';
import { useFocusTarget } from '../workspace/focus';

/** Highlighted runs as text nodes: a match is a <mark> whose content is text, never markup. */
function Runs({ runs }: { runs: readonly TextRun[] }) {
  return (
    <>
      {runs.map((run, i) => (run.hit ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}
    </>
  );
}

const plain = (runs: readonly TextRun[]): string => runs.map((r) => r.text).join('');

function syncText(status: ReturnType<typeof useAppStore.getState>['faqStatus']): string {
  if (!status?.open) return 'FAQs appear here once you are signed in.';
  const count = `${status.count.toLocaleString('en-US')} FAQs on this computer`;
  if (status.syncing) return `${count} · updating…`;
  if (status.error) return `${count} · last update failed (${status.error}); searching what is here`;
  return status.lastSyncAt ? `${count} · up to date as of ${new Date(status.lastSyncAt).toLocaleTimeString()}` : count;
}

/**
 * Search the campus FAQs as you type, in the local cache (works offline). Scoped to the
 * patron's campus, with a switch for every campus; one click puts the answer, with its
 * permalink as a labelled link, into the reply being written.
 */
export function FaqPanel() {
  const campusId = useAnsweringCampus();
  const target = useComposerTarget();
  const campuses = useAppStore((s) => s.desk.campuses);
  const status = useAppStore((s) => s.faqStatus);
  const [query, setQuery] = useState('');
  const [allCampuses, setAllCampuses] = useState(false);
  const [hits, setHits] = useState<FaqHit[]>([]);
  const latest = useRef(0);
  const searchBox = useRef<HTMLInputElement>(null);
  useFocusTarget('faq', searchBox);
  const scope = allCampuses ? null : campusId;
  const campusName = (id: string | null) => (id === null ? 'every campus' : (campuses.find((c) => c.id === id)?.name ?? id));

  useEffect(() => {
    const ask = ++latest.current;
    if (query.trim() === '') {
      setHits([]);
      return;
    }
    void useAppStore
      .getState()
      .call('faqs.search', { query, campus: scope, limit: 20 })
      .then((result) => {
        // Only the answer to the latest keystroke is shown; earlier answers arriving late are dropped.
        if (result && ask === latest.current) setHits(result.hits);
      });
  }, [query, scope, status?.rev]);

  const insert = (hit: FaqHit) => {
    if (!target) return;
    useAppStore.getState().insertIntoDraft(target, faqReply({ question: plain(hit.question), answer: hit.answer, permalink: hit.permalink }));
  };

  return (
    <section className="faq-panel" data-testid="faq-panel" aria-label="Campus FAQs" data-scope={scope ?? 'all'}>
      <header>
        <h2>FAQs</h2>
        <label className="scope">
          <input type="checkbox" data-testid="faq-all-campuses" checked={allCampuses} onChange={(e) => setAllCampuses(e.target.checked)} />
          All campuses
        </label>
      </header>
      <input
        ref={searchBox}
        type="search"
        data-testid="faq-search"
        value={query}
        placeholder={`Search ${campusName(scope)} FAQs`}
        aria-label={`Search ${campusName(scope)} FAQs`}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="hint" data-testid="faq-status">
        {syncText(status)}
      </p>
      {query.trim() !== '' && hits.length === 0 && <p className="hint">No FAQ matches “{query.slice(0, 60)}” at {campusName(scope)}.</p>}
      <ol className="faq-hits">
        {hits.map((hit) => (
          <li key={`${hit.campus}/${hit.id}`} className="faq-hit" data-testid="faq-hit" data-faq-id={hit.id} data-campus={hit.campus}>
            <div className="faq-question">
              <Runs runs={hit.question} />
            </div>
            {hit.snippet.length > 0 && (
              <p className="faq-snippet">
                <Runs runs={hit.snippet} />
              </p>
            )}
            <div className="faq-meta">
              {scope === null && <span className="campus-tag">{campusName(hit.campus)}</span>}
              {hit.topics.map((topic) => (
                <span key={topic} className="topic">
                  {topic}
                </span>
              ))}
              {hit.permalink && (
                <a href={hit.permalink} target="_blank" rel="noopener noreferrer" className="permalink" title={hit.permalink}>
                  Open FAQ page
                </a>
              )}
              <button
                type="button"
                data-testid="faq-insert"
                disabled={!target}
                title={target ? 'Put this answer and its link into your reply' : 'Open one of your chats to insert an answer'}
                onClick={() => insert(hit)}
              >
                Insert
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
