import { convert } from 'html-to-text';
import { labelledLink, safeLinkUrl } from '../../../shared/chats/labelled-links';

/**
 * An FAQ answer from LibAnswers is HTML; a chat carries text. Links become the chat's labelled
 * links (`[label](url)`), so an inserted answer keeps them clickable and never bare; images and
 * scripts are dropped; relative links are resolved against the FAQ's own page.
 */
export function htmlToChatText(html: string, base: string | null): string {
  if (!/[<&]/.test(html)) return html.trim();
  return convert(html, {
    wordwrap: false,
    formatters: {
      labelledLink: (elem, walk, builder) => {
        const href = typeof elem.attribs?.href === 'string' ? elem.attribs.href : '';
        let url: string | null = null;
        try {
          url = safeLinkUrl(base ? new URL(href, base).href : href);
        } catch {
          url = null;
        }
        if (!url) return walk(elem.children, builder);
        // The label is the link's own text, read without formatting.
        const label = elemText(elem).replace(/\s+/g, ' ').trim();
        builder.addInline(labelledLink(label || url, url), { noWordTransform: true });
      },
    },
    selectors: [
      { selector: 'a', format: 'labelledLink' },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface Node {
  type?: string;
  data?: string;
  children?: Node[];
}

/** The text inside an element (entities already decoded by the parser), for a link's label. */
function elemText(node: Node): string {
  return node.type === 'text' ? (node.data ?? '') : (node.children ?? []).map(elemText).join('');
}
