import { lineSegments } from '../../shared/chats/labelled-links';
import type { MessageFrom } from '../../shared/chats/schemas';

/** A line's text, with a librarian's labelled links as links (label as text; http, https and mailto only); a patron's text as typed. */
export function MessageText({ from, text }: { from: MessageFrom; text: string }) {
  return (
    <span className="text">
      {lineSegments(from, text).map((segment, i) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a key={i} href={segment.url} target="_blank" rel="noopener noreferrer" title={segment.url} data-testid="message-link">
            {segment.label}
          </a>
        ),
      )}
    </span>
  );
}
