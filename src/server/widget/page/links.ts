/**
 * Message text for the patron's page, with a librarian's labelled links (`[label](url)`) and
 * bare links as real links (src/shared/chats/labelled-links.ts decides which): built with DOM
 * calls only, the label set as text, http, https and mailto only (anything else stays plain
 * text). The one place the widget makes links.
 */
import { lineSegments } from '../../../shared/chats/labelled-links';
import type { MessageFrom } from '../../../shared/chats/schemas';

export function renderMessageText(container: HTMLElement, from: MessageFrom, text: string): void {
  container.replaceChildren();
  for (const segment of lineSegments(from, text)) {
    if (segment.kind === 'text') {
      container.append(document.createTextNode(segment.text));
      continue;
    }
    const link = document.createElement('a');
    link.href = segment.url;
    link.textContent = segment.label;
    link.target = '_blank';
    link.rel = 'noopener noreferrer nofollow';
    link.title = segment.url;
    link.dataset.testid = 'message-link';
    container.append(link);
  }
}
