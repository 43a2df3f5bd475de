import { lineSegments } from '../../shared/chats/labelled-links';
import type { MessageFrom } from '../../shared/chats/schemas';

/**
 * A line's text, with its links as links: a librarian's or the system's labelled ones show the
 * label; bare ones (anyone's) the address itself; http, https and mailto only; a patron's
 * `[label](url)` as typed. Built as React elements, never HTML.
 */
export function MessageText({ from, text }: { from: MessageFrom; text: string }) {
  return (
    <span className="text">
      {lineSegments(from, text).map((segment, i) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a key={i} href={segment.url} target="_blank" rel="noopener noreferrer" title={segment.url} data-testid="message-link" data-bare={segment.bare}>
            {segment.label}
          </a>
        ),
      )}
    </span>
  );
}
