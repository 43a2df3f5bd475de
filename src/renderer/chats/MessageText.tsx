import { messageSegments } from '../../shared/chats/labelled-links';

/** A message's text, with its labelled links as links (label as text; http, https and mailto only). */
export function MessageText({ text }: { text: string }) {
  return (
    <span className="text">
      {messageSegments(text).map((segment, i) =>
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
