import { messageSegments } from '../../shared/chats/labelled-links';

/**
 * A message's text, with its links as links: labelled ones show the label, bare ones (found by
 * linkify-it) the address as written; http, https and mailto only; built as React elements, never HTML.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <span className="text">
      {messageSegments(text).map((segment, i) =>
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
