import { type FormEvent, useState } from 'react';
import { labelledLink, safeLinkUrl } from '../../shared/chats/labelled-links';
import { suggestedLabel } from '../../shared/composer/draft-check';
import { useEscapeToClose } from '../workspace/escape';

/** Insert a link: both the address and the label the patron will see are required (never a bare URL). */
export function LinkDialog({ onInsert, onClose }: { onInsert(text: string): void; onClose(): void }) {
  const [url, setUrl] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEscapeToClose(true, onClose);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = url.trim();
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(address) ? address : /@/.test(address) && !address.includes('/') ? `mailto:${address}` : `https://${address}`;
    const safe = safeLinkUrl(withScheme);
    if (!safe) return setError('That is not a web (https) or email address Deskbell can send as a link.');
    if (label.trim() === '') return setError('Give the link a label: the patron sees the label, not the address.');
    onInsert(labelledLink(label, safe));
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="link-dialog-title" data-testid="link-dialog">
        {/* The form inside the dialog: role="dialog" is not allowed on a form itself. */}
        <form className="dialog-form" onSubmit={submit}>
          <h2 id="link-dialog-title">Insert a link</h2>
          <label>
            Address
            <input
              data-testid="link-url"
              autoFocus
              value={url}
              placeholder="https://library.example.edu/page"
              onChange={(e) => {
                setUrl(e.target.value);
                setError(null);
              }}
              onBlur={() => {
                const guess = safeLinkUrl(/^https?:|^mailto:/i.test(url.trim()) ? url.trim() : `https://${url.trim()}`);
                if (label.trim() === '' && guess) setLabel(suggestedLabel(guess));
              }}
            />
          </label>
          <label>
            Label the patron sees (required)
            <input
              data-testid="link-label"
              value={label}
              maxLength={200}
              placeholder="Interlibrary loan request form"
              onChange={(e) => {
                setLabel(e.target.value);
                setError(null);
              }}
            />
          </label>
          {error && (
            <p className="error" role="alert" data-testid="link-error">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" data-testid="link-insert">
              Insert link
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
