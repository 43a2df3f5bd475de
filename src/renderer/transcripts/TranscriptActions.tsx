import { useState } from 'react';
import type { Chat } from '../../shared/chats/schemas';
import { asText, copy, download, wholeTranscript } from './export';

/** View, copy and export the whole transcript, as text or JSON. */
export function TranscriptActions({ chat }: { chat: Chat }) {
  const [status, setStatus] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const run = async (what: 'copy' | 'txt' | 'json' | 'view') => {
    setStatus('Getting the whole transcript…');
    const whole = await wholeTranscript(chat.id);
    if (!whole) return setStatus('The transcript could not be loaded.');
    if (what === 'view') {
      setShown(asText(whole));
      return setStatus(null);
    }
    if (what === 'copy') {
      const ok = await copy(whole);
      if (!ok) setShown(asText(whole));
      return setStatus(ok ? 'Copied as text.' : 'The clipboard refused: select the text below and copy it.');
    }
    download(whole, what);
    setStatus(`Saved ${what === 'txt' ? 'as text' : 'as JSON'}.`);
  };
  return (
    <section className="drawer transcript-actions" data-testid="transcript-actions" aria-label="Transcript">
      <div className="button-grid">
        <button type="button" className="small" data-testid="transcript-view" onClick={() => void run('view')}>
          View as text
        </button>
        <button type="button" className="small" data-testid="transcript-copy" onClick={() => void run('copy')}>
          Copy
        </button>
        <button type="button" className="small" data-testid="transcript-txt" onClick={() => void run('txt')}>
          Export .txt
        </button>
        <button type="button" className="small" data-testid="transcript-json" onClick={() => void run('json')}>
          Export .json
        </button>
      </div>
      {status && (
        <p className="hint" role="status" data-testid="transcript-status">
          {status}
        </p>
      )}
      {shown !== null && <textarea className="transcript-text" data-testid="transcript-text" readOnly rows={10} value={shown} aria-label="Transcript as text" />}
    </section>
  );
}
