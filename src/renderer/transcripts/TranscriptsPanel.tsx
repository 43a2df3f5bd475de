import { useEffect, useRef, useState } from 'react';
import type { TranscriptHit } from '../../shared/transcripts/schemas';
import { useAppStore } from '../store';
import { useFocusTarget } from '../workspace/focus';
import { CampusSelect } from '../campuses/CampusSelect';
import { formatWhen } from '../clock';

/** A date field's day as the start of that day in this computer's zone (ms), or null. */
const dayStart = (value: string): number | null => (value === '' ? null : new Date(`${value}T00:00:00`).getTime());
const when = formatWhen;

/**
 * Every chat's transcript, this shift's and past ones, searched on this computer as you type:
 * by words, the patron's name, campus, encounter ID and dates. A result opens the transcript.
 */
export function TranscriptsPanel() {
  const campuses = useAppStore((s) => s.desk.campuses);
  const status = useAppStore((s) => s.transcriptStatus);
  const { openChat } = useAppStore.getState();
  const [words, setWords] = useState('');
  const [patron, setPatron] = useState('');
  const [campus, setCampus] = useState('');
  const [encounterId, setEncounterId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [hits, setHits] = useState<TranscriptHit[] | null>(null);
  const latest = useRef(0);
  const first = useRef<HTMLInputElement>(null);
  useFocusTarget('transcripts', first);

  useEffect(() => {
    const ask = ++latest.current;
    const toDay = dayStart(to);
    void useAppStore
      .getState()
      .call('transcripts.search', {
        words,
        patron,
        campus: campus === '' ? null : campus,
        encounterId: encounterId.trim(),
        from: dayStart(from),
        to: toDay === null ? null : toDay + 24 * 60 * 60_000,
        limit: 30,
      })
      .then((result) => {
        if (result && ask === latest.current) setHits(result.hits);
      });
  }, [words, patron, campus, encounterId, from, to, status?.rev]);

  return (
    <aside className="side-panel transcripts-panel" data-testid="transcripts-panel" aria-labelledby="transcripts-title">
      <header>
        <h2 id="transcripts-title">Transcripts</h2>
      </header>
      <div className="search-grid">
        <label>
          Words
          <input ref={first} type="search" data-testid="transcript-words" value={words} onChange={(e) => setWords(e.target.value)} />
        </label>
        <label>
          Patron
          <input type="search" data-testid="transcript-patron" value={patron} onChange={(e) => setPatron(e.target.value)} />
        </label>
        <label>
          Campus
          <CampusSelect testId="transcript-campus" campuses={campuses} value={campus} onChange={setCampus} everyCampus="Every campus" />
        </label>
        <label>
          Encounter ID
          <input type="search" data-testid="transcript-encounter" value={encounterId} placeholder="ENC-…" onChange={(e) => setEncounterId(e.target.value)} />
        </label>
        <label>
          From
          <input type="date" data-testid="transcript-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" data-testid="transcript-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <p className="hint" data-testid="transcripts-status" role="status">
        {!status?.open ? 'Transcripts appear here once you are signed in.' : `${status.count.toLocaleString('en-US')} ${status.count === 1 ? 'transcript' : 'transcripts'} on this computer${status.syncing ? ' · updating…' : ''}${status.error ? ` · last update failed (${status.error})` : ''}`}
      </p>
      <ol className="transcript-hits">
        {hits?.map((hit) => (
          <li key={hit.chatId} data-testid="transcript-hit" data-chat-id={hit.chatId}>
            <button type="button" className="hit-open" onClick={() => openChat(hit.chatId)}>
              <span className="hit-patron">{hit.patron}</span> <span className="campus-tag">{campuses.find((c) => c.id === hit.campus)?.name ?? hit.campus}</span>
              <span className="hit-meta">
                {hit.encounterId} · {when(hit.createdAt)}
                {hit.librarian ? ` · ${hit.librarian}` : ''}
              </span>
              <span className="hit-snippet">
                {hit.snippet.map((run, i) => (run.hit ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {hits?.length === 0 && <p className="hint">No transcript matches.</p>}
    </aside>
  );
}
